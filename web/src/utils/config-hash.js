// The content hash a receipt names: SHA-256 of the config as the core normalised it
// (every default filled in, texts included), written with JSON.stringify of the
// core's own answer. Browser and server both run this on the same core's output, so
// the same config gives the same hash on both sides. Web Crypto only exists in secure
// contexts (https, or http://localhost): elsewhere this rejects.

/** The text that is hashed: JSON of validateConfig(...).config. */
export const normalisedConfigText = (validatedConfig) => JSON.stringify(validatedConfig);

/** Lower-case hex SHA-256 of a string's UTF-8 bytes. */
export async function sha256Hex(text) {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The hash of a config the core validated (`validateConfig(json).config`). */
export const configHash = (validatedConfig) => sha256Hex(normalisedConfigText(validatedConfig));
