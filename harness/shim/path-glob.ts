/**
 * Path globs of fault targets, matched against paths relative to the shim's
 * root: `*` matches within one path component, `**` across components
 * (`**` followed by `/` also matches no directory at all), `?` one character
 * other than '/'. Everything else is literal.
 */

/** The longest glob accepted (a limit on compiled regular expressions). */
export const MAX_GLOB_LENGTH = 1024;

/** Compiles a glob into a predicate over relative paths. */
export function compilePathGlob(pattern: string): (relativePath: string) => boolean {
  if (pattern.length > MAX_GLOB_LENGTH) throw new RangeError(`path glob longer than ${MAX_GLOB_LENGTH} characters`);
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const character = pattern[index] as string;
    if (character === '*' && pattern[index + 1] === '*') {
      if (pattern[index + 2] === '/') {
        source += '(?:.*/)?';
        index += 2;
      } else {
        source += '.*';
        index += 1;
      }
    } else if (character === '*') {
      source += '[^/]*';
    } else if (character === '?') {
      source += '[^/]';
    } else {
      source += character.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
    }
  }
  const expression = new RegExp(`^${source}$`);
  return (relativePath) => expression.test(relativePath);
}
