/**
 * Symbols from OpenMoji (CC BY-SA 4.0, https://openmoji.org), bundled in static/symbols/ and
 * precached. Keys are item codes, "<item>.<option>", scale values and screen ideas; values are
 * OpenMoji hexcodes (the file name). Pictures support words, never replace them.
 */
const ITEM_SYMBOLS: Record<string, string> = {
	know_who_to_talk_to: '1F5E3',
	who_would_you_talk_to: '1F465',
	feel_listened_to: '1F442',
	feel_believed: '1F91D',
	views_make_difference: '1F4E2',
	can_find_information: '1F50D',
	information_understandable: '1F4A1',
	preferred_information_channels: '1F4F1',
	has_role_model: '2B50',
	role_model_who: '1F9B8',
	staff_care: '2764',
	staff_know_how_to_help: '1F9F0',
	staff_do_what_they_say: '2705',
	what_would_help: '270F',
	age_band: '1F382',
	gender: '1F9D1',
	send: '267F',
	care_experienced: '1F3E1',
	young_carer: '1FAC2',
	district: '1F4CD',
	setting: '1F3EB'
};

const PEOPLE = {
	family: '1F46A',
	friend: '1F9D1-200D-1F91D-200D-1F9D1',
	teacher: '1F469-200D-1F3EB',
	youth_worker: '1F64B',
	other: '2795'
};

const OPTION_SYMBOLS: Record<string, string> = {
	'who_would_you_talk_to.parent_carer': PEOPLE.family,
	// Two children, not one: OpenMoji's girl and boy side by side (a derivative, same licence).
	'who_would_you_talk_to.sibling': '1F467-1F466',
	'who_would_you_talk_to.other_family': '1F475',
	'who_would_you_talk_to.friend': PEOPLE.friend,
	'who_would_you_talk_to.teacher': PEOPLE.teacher,
	'who_would_you_talk_to.other_school_staff': '1F3EB',
	'who_would_you_talk_to.school_nurse': '1F469-200D-2695-FE0F',
	'who_would_you_talk_to.youth_worker': PEOPLE.youth_worker,
	'who_would_you_talk_to.social_worker': '1F469-200D-1F4BC',
	// A stethoscope, so "doctor or nurse" does not look like the school nurse (a health worker).
	'who_would_you_talk_to.doctor_health': '1FA7A',
	'who_would_you_talk_to.helpline': '1F4DE',
	'who_would_you_talk_to.online_service': '1F4BB',
	'who_would_you_talk_to.no_one': '1F6AB',
	'who_would_you_talk_to.other': PEOPLE.other,
	'preferred_information_channels.face_to_face': '1F5E3',
	'preferred_information_channels.phone_call': '1F4DE',
	'preferred_information_channels.text_message': '1F4AC',
	'preferred_information_channels.social_media': '1F4F1',
	'preferred_information_channels.website': '1F310',
	'preferred_information_channels.app': '1F4F2',
	'preferred_information_channels.video': '1F4F9',
	'preferred_information_channels.leaflet_poster': '1F4C4',
	'preferred_information_channels.lesson_assembly': '1F468-200D-1F3EB',
	'preferred_information_channels.other': PEOPLE.other,
	'role_model_who.family': PEOPLE.family,
	'role_model_who.friend': PEOPLE.friend,
	'role_model_who.teacher': PEOPLE.teacher,
	'role_model_who.youth_worker': PEOPLE.youth_worker,
	'role_model_who.sports_coach': '26BD',
	'role_model_who.faith_community': '1F64F',
	'role_model_who.public_figure': '1F31F',
	'role_model_who.online_creator': '1F3A5',
	'role_model_who.other': PEOPLE.other,
	'age_band.8_10': '1F382',
	'age_band.11_13': '1F382',
	'age_band.14_16': '1F382',
	'age_band.17_19': '1F382',
	'age_band.20_25': '1F382',
	'gender.girl': '1F467',
	'gender.boy': '1F466',
	'gender.non_binary': '1F9D1',
	'gender.other': PEOPLE.other,
	// One landscape for four districts said nothing: every district is a map pin beside its name.
	'district.cherwell': '1F4CD',
	'district.oxford': '1F4CD',
	'district.south_oxfordshire': '1F4CD',
	'district.vale_of_white_horse': '1F4CD',
	'district.west_oxfordshire': '1F4CD',
	'district.outside_county': '1F5FA',
	'district.dont_know': '1F937',
	'setting.primary': '1F392',
	'setting.secondary': '1F3EB',
	'setting.special_school': '1F3EB',
	'setting.college': '1F393',
	'setting.alternative_provision': '1F3E2',
	'setting.youth_group': '1F3D3',
	'setting.home_educated': '1F3E0',
	'setting.other': PEOPLE.other
};

/** Answers shared by many questions: scales, "yes/no/not sure" and the special answers. */
const VALUE_SYMBOLS: Record<string, string> = {
	strongly_agree: '1F600',
	agree: '1F642',
	neither: '1F610',
	disagree: '1F641',
	strongly_disagree: '1F641',
	yes: '1F600',
	sometimes: '1F610',
	no: '1F641',
	not_sure: '1F937',
	dont_know: '1F937',
	dont_understand: '2753',
	prefer_not: '1F910'
};

/** Ideas on screens other than questions (easy-read sentences, buttons). */
export const SCREEN_SYMBOLS: Record<string, string> = {
	survey: '1F4CB',
	talk: '1F4AC',
	listen: '1F442',
	help: '1F91D',
	anonymous: '1F512',
	voluntary: '270B',
	stop: '1F6D1',
	skip: '27A1',
	time: '231B',
	offline: '1F4F1',
	thanks: '1F389',
	saved: '1F4BE',
	sent: '1F4E4',
	speaker: '1F50A',
	settings: '2699',
	language: '1F30D',
	standard: '1F4C4',
	easy_read: '1F4D6',
	send_mode: '1F50A',
	phone: '1F4DE',
	emergency: '1F6A8',
	trusted_adult: '1F9D1',
	check: '2714',
	write: '270D',
	better: '2B50',
	pass_on: '1F4F2',
	search: '1F50D',
	home: '1F3E0',
	group: '1F465',
	joined: '2705',
	text_size: '1F50D'
};

export function symbolUrl(hexcode: string): string {
	return `/symbols/${hexcode}.svg`;
}

export function itemSymbol(code: string): string | undefined {
	return ITEM_SYMBOLS[code];
}

/** The symbol for an option of an item, falling back to the shared answer symbols. */
export function optionSymbol(code: string, value: string): string | undefined {
	return OPTION_SYMBOLS[`${code}.${value}`] ?? VALUE_SYMBOLS[value];
}

/** Every hexcode used, so tests can check that each file is bundled. */
export function allSymbolCodes(): string[] {
	return [
		...new Set([
			...Object.values(ITEM_SYMBOLS),
			...Object.values(OPTION_SYMBOLS),
			...Object.values(VALUE_SYMBOLS),
			...Object.values(SCREEN_SYMBOLS)
		])
	];
}
