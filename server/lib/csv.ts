/**
 * One CSV cell: quoted when needed, and neutralised against formula injection (a cell starting
 * with =, +, -, @, tab or carriage return gets a leading apostrophe; OWASP CSV Injection).
 */
export function csvCell(value: unknown): string {
	if (value === null || value === undefined) return '';
	let text = typeof value === 'number' ? String(value) : String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
	return values.map(csvCell).join(',');
}
