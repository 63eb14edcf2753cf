/**
 * One plain address, "support@acme.example": no display name, angle brackets or quotes, no second
 * address (a comma), no whitespace or control character (a line break in a header injects another
 * header), and a domain of two or more ASCII labels (an international domain in its xn-- form).
 */
const plainAddress = /^[^\s\p{Cc}<>@",;:()[\]\\]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/u;

/**
 * Whether an address is one Loopwork may put in a From header as it is: what an email channel
 * receives at (its config.address) and answers from (senderFor).
 */
export function isPlainAddress(address: string): boolean {
  return plainAddress.test(address);
}
