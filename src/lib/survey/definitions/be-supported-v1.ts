import type { Item, Questionnaire, SpecialAnswer } from '../types.js';

/**
 * The Be Supported questionnaire, as data. Item codes come from the engine README (src/lib/survey/README.md) and must never change:
 * the 2019/2020 benchmark joins on them. All wording lives in the i18n resources, keyed by code.
 */
const QUESTION_SPECIALS: readonly SpecialAnswer[] = ['dont_know', 'dont_understand'];
const ABOUT_YOU_SPECIALS: readonly SpecialAnswer[] = ['prefer_not'];

const agree = (code: string, outcome: Item['outcome']): Item => ({
	code,
	section: 'questions',
	type: 'agree',
	outcome,
	specials: QUESTION_SPECIALS
});

const multi = (
	code: string,
	outcome: Item['outcome'],
	options: readonly string[],
	extra: Partial<Item> = {}
): Item => ({
	code,
	section: 'questions',
	type: 'multi',
	outcome,
	options,
	specials: QUESTION_SPECIALS,
	...extra
});

const aboutYou = (code: string, options: readonly string[]): Item => ({
	code,
	section: 'about_you',
	type: 'single',
	outcome: null,
	options,
	specials: ABOUT_YOU_SPECIALS
});

export const beSupportedV1: Questionnaire = {
	id: 'be-supported',
	version: '2025.1',
	scales: {
		agree5: ['strongly_agree', 'agree', 'neither', 'disagree', 'strongly_disagree'],
		agree3: ['yes', 'sometimes', 'no']
	},
	scaleForMode: { standard: 'agree5', easy_read: 'agree3', send: 'agree3' },
	locales: ['en-GB', 'pl', 'ar'],
	items: [
		agree('know_who_to_talk_to', 13),
		multi(
			'who_would_you_talk_to',
			13,
			[
				'parent_carer',
				'sibling',
				'other_family',
				'friend',
				'teacher',
				'other_school_staff',
				'school_nurse',
				'youth_worker',
				'social_worker',
				'doctor_health',
				'helpline',
				'online_service',
				'no_one',
				'other'
			],
			{ exclusive: ['no_one'] }
		),
		agree('feel_listened_to', 13),
		agree('feel_believed', 13),
		agree('views_make_difference', 13),
		agree('can_find_information', 14),
		agree('information_understandable', 14),
		multi('preferred_information_channels', 14, [
			'face_to_face',
			'phone_call',
			'text_message',
			'social_media',
			'website',
			'app',
			'video',
			'leaflet_poster',
			'lesson_assembly',
			'other'
		]),
		agree('has_role_model', 15),
		multi(
			'role_model_who',
			15,
			[
				'family',
				'friend',
				'teacher',
				'youth_worker',
				'sports_coach',
				'faith_community',
				'public_figure',
				'online_creator',
				'other'
			],
			// Only asked of those who did not say they have no one who inspires them.
			{ showIf: { item: 'has_role_model', hiddenWhen: ['disagree', 'strongly_disagree', 'no'] } }
		),
		agree('staff_care', 16),
		agree('staff_know_how_to_help', 16),
		agree('staff_do_what_they_say', 16),
		{
			code: 'what_would_help',
			section: 'questions',
			type: 'text',
			outcome: null,
			maxLength: 2000,
			// Free text: skipping is the way not to answer.
			specials: []
		},
		aboutYou('age_band', ['8_10', '11_13', '14_16', '17_19', '20_25']),
		aboutYou('gender', ['girl', 'boy', 'non_binary', 'other']),
		aboutYou('send', ['yes', 'no', 'not_sure']),
		aboutYou('care_experienced', ['yes', 'no']),
		aboutYou('young_carer', ['yes', 'no', 'not_sure']),
		aboutYou('district', [
			'cherwell',
			'oxford',
			'south_oxfordshire',
			'vale_of_white_horse',
			'west_oxfordshire',
			'outside_county',
			'dont_know'
		]),
		aboutYou('setting', [
			'primary',
			'secondary',
			'special_school',
			'college',
			'alternative_provision',
			'youth_group',
			'home_educated',
			'other'
		])
	]
};
