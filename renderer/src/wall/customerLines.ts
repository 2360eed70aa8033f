/** Chinese characters that fit one line of the wall's customer column (17 % of a 1920-wide wall less its padding: 288 px at 26 px). */
const ONE_LINE_WIDTH = 11;

/**
 * Whether a customer's name takes the wall's two-line form. The customer
 * column holds about eleven Chinese characters in one line at the wall's
 * 26 px; the catalogue's major-fault customers of the province board run to
 * seventeen ("连云港市市场监督管理局雨花台区分局" shapes), and a wall is read
 * from across the room with nobody there to hover for the tooltip. Those go in
 * two lines at 21 px (about 27 characters), which keep the row's height.
 * Latin letters and digits count a little over half a Chinese character.
 */
export function customerTakesTwoLines(name: string): boolean {
  let width = 0;
  for (const char of name) width += char.charCodeAt(0) < 0x2e80 ? 0.55 : 1;
  return width > ONE_LINE_WIDTH;
}
