import { Hono } from 'hono';
import { requireRole, type StaffEnv } from '../auth/staff-auth.js';
import { dictionaryCsv, templateCsv } from '../import/template.js';

/** The import template and its data dictionary, for those who import (issue 14 item 10). */
export function importTemplateRoutes() {
	return new Hono<StaffEnv>()
		.get('/template.csv', requireRole('admin', 'analyst'), (context) =>
			context.body(templateCsv(), 200, {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': 'attachment; filename="be-supported-import-template.csv"'
			})
		)
		.get('/dictionary.csv', requireRole('admin', 'analyst'), (context) =>
			// A byte order mark, so a spreadsheet reads the wording as UTF-8.
			context.body(`\uFEFF${dictionaryCsv()}`, 200, {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': 'attachment; filename="be-supported-import-dictionary.csv"'
			})
		);
}
