import * as v from 'valibot';
import { MODES, currentQuestionnaire } from '#survey';
import { ROLES } from '../auth/auth.service.js';
import { WAVE_ID } from '../services/waves.service.js';
import { name, optionalDate, optionalName } from './validation.js';

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
