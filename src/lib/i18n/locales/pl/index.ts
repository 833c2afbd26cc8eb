// One chunk per language, loaded when it is chosen (and precached for offline use).
import ui from './ui.json';
import questionnaire from './questionnaire.json';
import easy from './easy.json';

export const resources = { ui, questionnaire, easy };
