import { describe, expect, it } from 'vitest';
import { currentQuestionnaire as q, specialsFor, MODES } from '#survey';

// The item bank of the engine README (src/lib/survey/README.md), written out here so a renamed code or option fails this test:
// codes are what the 2019/2020 benchmark joins on and must never change.
const ITEM_BANK: [code: string, outcome: number | null, type: string, options?: string[]][] = [
	['know_who_to_talk_to', 13, 'agree'],
	[
		'who_would_you_talk_to',
		13,
		'multi',
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
		]
	],
	['feel_listened_to', 13, 'agree'],
	['feel_believed', 13, 'agree'],
	['views_make_difference', 13, 'agree'],
	['can_find_information', 14, 'agree'],
	['information_understandable', 14, 'agree'],
	[
		'preferred_information_channels',
		14,
		'multi',
		[
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
		]
	],
	['has_role_model', 15, 'agree'],
	[
		'role_model_who',
		15,
		'multi',
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
		]
	],
	['staff_care', 16, 'agree'],
	['staff_know_how_to_help', 16, 'agree'],
	['staff_do_what_they_say', 16, 'agree'],
	['what_would_help', null, 'text'],
	['age_band', null, 'single', ['8_10', '11_13', '14_16', '17_19', '20_25']],
	['gender', null, 'single', ['girl', 'boy', 'non_binary', 'other']],
	['send', null, 'single', ['yes', 'no', 'not_sure']],
	['care_experienced', null, 'single', ['yes', 'no']],
	['young_carer', null, 'single', ['yes', 'no', 'not_sure']],
	[
		'district',
		null,
		'single',
		[
			'cherwell',
			'oxford',
			'south_oxfordshire',
			'vale_of_white_horse',
			'west_oxfordshire',
			'outside_county',
			'dont_know'
		]
	],
	[
		'setting',
		null,
		'single',
		[
			'primary',
			'secondary',
			'special_school',
			'college',
			'alternative_provision',
			'youth_group',
			'home_educated',
			'other'
		]
	]
];

describe('the questionnaire definition', () => {
	it('has exactly the item bank of the design, in order', () => {
		expect(q.items.map((item) => item.code)).toEqual(ITEM_BANK.map(([code]) => code));
	});

	it.each(ITEM_BANK)(
		'%s has outcome %s, type %s and the designed options',
		(code, outcome, type, options) => {
			const item = q.items.find((candidate) => candidate.code === code)!;
			expect(item.outcome).toBe(outcome);
			expect(item.type).toBe(type);
			if (options) expect(item.options).toEqual(options);
		}
	);

	it('uses agree5 in standard mode and agree3 in easy-read and SEND modes', () => {
		expect(q.scales.agree5).toEqual([
			'strongly_agree',
			'agree',
			'neither',
			'disagree',
			'strongly_disagree'
		]);
		expect(q.scales.agree3).toEqual(['yes', 'sometimes', 'no']);
		expect(q.scaleForMode).toEqual({ standard: 'agree5', easy_read: 'agree3', send: 'agree3' });
	});

	it('offers prefer_not on every about-you item, and dont_know on every question but free text', () => {
		for (const item of q.items) {
			if (item.section === 'about_you') expect(item.specials).toEqual(['prefer_not']);
			else if (item.type === 'text') expect(item.specials).toEqual([]);
			else expect(item.specials).toContain('dont_know');
		}
	});

	it.each(MODES)('offers "I don\'t understand" only in easy-read and SEND modes (%s)', (mode) => {
		const item = q.items[0]!;
		expect(specialsFor(item, mode).includes('dont_understand')).toBe(mode !== 'standard');
	});
});
