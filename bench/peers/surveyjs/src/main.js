// SurveyJS Form Library, set up as in its "JavaScript Form Library" getting-started guide:
// survey-core (model) + survey-js-ui (framework-free renderer) + survey-core.css (the Default theme).
import { Model } from 'survey-core';
import 'survey-js-ui'; // adds Model.prototype.render
import 'survey-core/survey-core.css';
import surveyJson from './survey.json';

const survey = new Model(surveyJson);
// No backend: on completion the library shows its own "Thank you" screen and nothing is sent.
survey.render(document.getElementById('surveyContainer'));
