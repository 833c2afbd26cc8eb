import * as v from 'valibot';
import { MODES, currentQuestionnaire, outcomesOf } from '#survey';
import { ROLES } from '../auth/auth.service.js';
import { WAVE_ID } from '../services/waves.service.js';
import {
	BIDI_CONTROL,
	CONTROL,
	easyReadText,
	name,
	optionalDate,
	optionalName
} from './validation.js';

/** The shapes of every staff request body, checked at the edge by validBody (issue 12 item 9). */

export const sessionSchema = v.object({
	name: name(120),
	setting: optionalName(120),
	district: optionalName(120),
	ageRange: optionalName(40),
	defaultMode: v.optional(v.picklist(MODES, `must be one of ${MODES.join(', ')}`)),
	defaultLocale: v.optional(
		v.picklist(
			currentQuestionnaire.locales,
			`must be one of ${currentQuestionnaire.locales.join(', ')}`
		)
	),
	waveId: v.optional(
		v.nullable(
			v.pipe(v.string('must be a wave id'), v.maxLength(40, 'must be at most 40 characters'))
		)
	)
});

export const waveSchema = v.object({
	id: v.pipe(
		v.string('must be text'),
		v.regex(WAVE_ID, 'must be lower-case letters, digits and dashes, e.g. 2025-autumn')
	),
	name: name(120),
	opensAt: optionalDate,
	closesAt: optionalDate,
	isBaseline: v.optional(v.boolean('must be true or false'))
});

export const importSchema = v.object({
	format: v.picklist(['respondent', 'aggregate'], 'must be "respondent" or "aggregate"'),
	csv: v.string('must be the file content as text'),
	replace: v.optional(v.boolean('must be true or false')),
	/** The uploaded file's name, kept as the wave's provenance. */
	fileName: optionalName(200)
});

const email = v.pipe(
	v.string('must be text'),
	v.trim(),
	v.maxLength(254, 'must be at most 254 characters'),
	v.email('must be an email address')
);
const role = v.picklist(ROLES, `must be one of ${ROLES.join(', ')}`);

export const newUserSchema = v.object({
	email,
	password: v.pipe(v.string('must be text'), v.maxLength(1024, 'must be at most 1024 characters')),
	role
});

export const userChangeSchema = v.object({
	role: v.optional(role),
	isDisabled: v.optional(v.boolean('must be true or false'))
});

export const loginSchema = v.object({
	email: v.pipe(v.string('must be text'), v.maxLength(320, 'must be at most 320 characters')),
	password: v.pipe(v.string('must be text'), v.maxLength(1024, 'must be at most 1024 characters'))
});

export const passwordChangeSchema = v.object({
	currentPassword: v.pipe(
		v.string('must be text'),
		v.maxLength(1024, 'must be at most 1024 characters')
	),
	newPassword: v.pipe(
		v.string('must be text'),
		v.maxLength(1024, 'must be at most 1024 characters')
	)
});

export const passwordResetSchema = v.object({
	password: v.pipe(v.string('must be text'), v.maxLength(1024, 'must be at most 1024 characters'))
});

/** A 6-digit TOTP code, or a recovery code such as "abcde-fghjk" (spaces allowed). */
const secondFactorCode = v.pipe(
	v.string('must be text'),
	v.maxLength(20, 'must be at most 20 characters'),
	v.regex(/^[A-Za-z0-9\s-]+$/, 'must be the 6 digits from the app, or a recovery code')
);

export const loginCodeSchema = v.object({
	challenge: v.pipe(v.string('must be text'), v.maxLength(100, 'must be at most 100 characters')),
	code: secondFactorCode
});

export const mfaConfirmSchema = v.object({
	code: v.pipe(
		v.string('must be text'),
		v.regex(/^\s*\d{6}\s*$/, 'must be the 6 digits from the app')
	)
});

export const mfaPolicySchema = v.object({
	role,
	isRequired: v.boolean('must be true or false')
});

/** The outcomes a "we did" action may be written for (13–16), from the questionnaire. */
export const OUTCOMES = outcomesOf(currentQuestionnaire.items);
/** The languages a "we did" action may be translated into: the questionnaire's, less English. */
export const TRANSLATION_LOCALES = currentQuestionnaire.locales.filter(
	(language) => language !== 'en-GB'
);

/** One "we did" action: at most 300 characters, every sentence 15 words or fewer (easy read). */
const actionText = easyReadText(300);

const action = v.object({
	text: actionText,
	translations: v.optional(
		v.strictObject(
			Object.fromEntries(
				TRANSLATION_LOCALES.map((language) => [language, v.optional(actionText)])
			) as Record<string, v.OptionalSchema<typeof actionText, undefined>>,
			`is not a language of the app (${TRANSLATION_LOCALES.join(', ')})`
		)
	)
});

/** PUT /you-said/actions: the published snapshot's id and an action per outcome (any left out have none). */
export const weDidSchema = v.object({
	snapshot: v.pipe(
		v.number('must be the id of the snapshot published now'),
		v.integer('must be the id of the snapshot published now')
	),
	actions: v.strictObject(
		Object.fromEntries(OUTCOMES.map((outcome) => [String(outcome), v.optional(action)])) as Record<
			string,
			v.OptionalSchema<typeof action, undefined>
		>,
		`is not one of the outcomes ${OUTCOMES.join(', ')}`
	)
});

/** A free-text theme: a short name (unique in its wave) and a one-line description. */
const themeName = name(60);
const description = v.pipe(
	v.string('must be text'),
	v.trim(),
	v.maxLength(200, 'must be at most 200 characters'),
	v.check((text) => !CONTROL.test(text), 'must not contain control characters'),
	v.check((text) => !BIDI_CONTROL.test(text), 'must not contain bidirectional control characters')
);

export const newThemeSchema = v.object({
	wave: v.pipe(v.string('must be a wave id'), v.maxLength(40, 'must be at most 40 characters')),
	name: themeName,
	description: v.optional(description, '')
});

export const themeChangeSchema = v.object({
	name: v.optional(themeName),
	description: v.optional(description)
});

/** The themes of one answer: theme ids, at most 20 (a codebook is small). */
export const answerThemesSchema = v.object({
	themes: v.pipe(
		v.array(
			v.pipe(v.number('must be a theme id'), v.integer('must be a theme id')),
			'must be a list of theme ids'
		),
		v.maxLength(20, 'must hold at most 20 themes')
	)
});
