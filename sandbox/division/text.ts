// Names and titles as other systems print them.

export function initialsOf(foreName: string): string {
  return foreName
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase())
    .join("");
}

/** Letters and digits only, lower case: for e-mail addresses and domains. */
export function ascii(value: string): string {
  return withoutAccents(value)
    .replace(/[^A-Za-z0-9]+/g, "")
    .toLowerCase();
}

/** "Núñez" → "Nunez", "Østergaard" → "Ostergaard": how other databases print accented names. */
export function withoutAccents(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/ø/g, "o")
    .replace(/Ø/g, "O")
    .replace(/ı/g, "i");
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
