// `header_stats()`: a raw e-mail (headers, blank line, body) → f32[5] of
// tabular features read from it, in this order:
//   0 recipients   addresses in To and Cc
//   1 hour sent    the hour of the Date header as written (the sender's
//                  local time), -1 when there is no readable date
//   2 has HTML     1 when the Content-Type or the body is HTML, else 0
//   3 links        http(s):// and www. links in the body
//   4 subject      characters in the Subject header
// The counts are raw; follow with `standardize()` to put them on one scale.

import type { FeatureValue } from './transforms.js';

export const HEADER_STAT_NAMES = ['recipients', 'hour_sent', 'has_html', 'links', 'subject_length'] as const;

/** Header name (lower case) → value, folded continuation lines joined. Repeated headers are joined with ", ". */
function parseHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  let last: string | undefined;
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && last !== undefined) {
      headers.set(last, `${headers.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const before = headers.get(last);
    headers.set(last, before === undefined ? value : `${before}, ${value}`);
  }
  return headers;
}

function count(text: string, pattern: RegExp): number {
  let n = 0;
  pattern.lastIndex = 0;
  while (pattern.exec(text) !== null) n++;
  return n;
}

function recipients(value: string | undefined): number {
  if (!value) return 0;
  const addresses = count(value, /[^\s<>,;:"']+@[^\s<>,;:"']+/g);
  // "undisclosed-recipients:;" and bare names still name someone.
  return addresses > 0 ? addresses : value.split(/[,;]/).filter((s) => s.trim().length > 0).length;
}

function hourSent(date: string | undefined): number {
  const m = date ? /\b(\d{1,2}):(\d{2})(?::\d{2})?\b/.exec(date) : null;
  if (!m) return -1;
  const hour = Number(m[1]);
  return hour <= 23 ? hour : -1;
}

export function headerStats(email: string): Float32Array {
  const split = /\r?\n\r?\n/.exec(email);
  const head = split ? email.slice(0, split.index) : email;
  const body = split ? email.slice(split.index + split[0].length) : '';
  const headers = parseHeaders(head);
  const to = [headers.get('to'), headers.get('cc')].filter((v): v is string => v !== undefined).join(', ');
  const html = /text\/html/i.test(headers.get('content-type') ?? '') || /<html[\s>]|<body[\s>]/i.test(body) || /Content-Type:\s*text\/html/i.test(body);
  const links = count(body, /\bhttps?:\/\/|\bwww\./gi);
  return Float32Array.of(recipients(to), hourSent(headers.get('date')), html ? 1 : 0, links, (headers.get('subject') ?? '').length);
}

export function applyHeaderStats(v: FeatureValue): Float32Array {
  if (typeof v !== 'string') throw new Error(`header_stats() expects the raw e-mail text, found ${v === null ? 'a missing value' : 'numbers'}`);
  return headerStats(v);
}
