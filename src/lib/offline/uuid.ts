/** A UUID v4 made on the device, in lower case (the canonical form): the id that makes sending idempotent. */
export function newResponseId(
	crypto: Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string } = globalThis.crypto
): string {
	// randomUUID exists only in secure contexts (https, or http://127.0.0.1 / localhost).
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID().toLowerCase();
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	bytes[6] = (bytes[6]! & 0x0f) | 0x40;
	bytes[8] = (bytes[8]! & 0x3f) | 0x80;
	const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
