// Markdown for keys and sections, built from the schema table only: hover and
// completion documentation show the same text.

import { lookupKey, MAN_PAGES, TARGETS, type KeyInfo, type ManPage, type SectionInfo, type Target } from '../schema.ts';

/** Short names for the tools, in the order of TARGETS. */
export const TARGET_SHORT: Record<Target, string> = {
  wg: 'wg',
  'wg-quick': 'wg-quick',
  windows: 'Windows',
  android: 'Android',
  apple: 'iOS/macOS',
  amneziawg: 'AmneziaWG',
};

const MAN_LABEL: Record<ManPage, string> = {
  wg: 'wg(8)',
  'wg-quick': 'wg-quick(8)',
  android: 'the Android app\'s parser (Interface.java)',
  amneziawg: 'AmneziaWG documentation',
};

export function targetLabel(target: Target): string {
  return TARGETS.find((t) => t.id === target)?.label ?? target;
}

/** `wg ✓ · wg-quick ✓ · Windows ✗ …`: who reads the key, at a glance. */
export function readByLine(info: KeyInfo): string {
  const yes = TARGETS.filter((t) => info.targets.includes(t.id)).map((t) => TARGET_SHORT[t.id]);
  const no = TARGETS.filter((t) => !info.targets.includes(t.id)).map((t) => TARGET_SHORT[t.id]);
  let line = `**Read by:** ${yes.join(', ')}`;
  if (no.length) line += ` · **rejected by:** ${no.join(', ')} (an unknown key fails the whole file there)`;
  return line;
}

export function manLink(man: ManPage): string {
  return `[${MAN_LABEL[man]}](${MAN_PAGES[man]})`;
}

export interface KeyDocOptions {
  /** The selected target: adds a warning when it does not read the key. */
  readonly target?: Target;
  /** The section the key was written in, when it differs from the key's own. */
  readonly writtenIn?: string;
  /** The section's header as written, when it has blanks inside its brackets (`[ Interface ]`: see spacedHeader). */
  readonly spacedHeader?: string;
  /** Written before any section header (key-outside-section). */
  readonly outsideSection?: boolean;
}

/**
 * What a header with blanks inside its brackets means (section-header-spacing): wg strips them, wg-quick
 * and the apps do not recognise the section, so a wg-quick key under it reaches wg and fails.
 */
function spacedHeaderWarning(written: string, name: string, key?: KeyInfo): string {
  const fix = `Write \`[${name}]\`.`;
  return key
    ? `⚠ Under \`${written}\` (blanks inside the brackets) wg-quick and the apps do not recognise the section: \`${key.name}\` reaches wg, which fails ("Line unrecognized"). ${fix}`
    : `⚠ \`${written}\` has blanks inside its brackets: wg reads it as \`[${name}]\`, but wg-quick and the apps do not recognise the section (its wg-quick keys reach wg and fail). ${fix}`;
}

/** The warning for a key the target does not read (it rejects the file), or undefined. */
export function targetWarning(info: KeyInfo, target: Target | undefined): string | undefined {
  return target && !info.targets.includes(target) ? `⚠ Your target, ${targetLabel(target)}, does not read \`${info.name}\` and rejects the file.` : undefined;
}

export function keyMarkdown(info: KeyInfo, options: KeyDocOptions = {}): string {
  const parts: string[] = [];
  // Hooks repeat as commands run in turn (Windows keeps the last); lists add their values up.
  const repeats = !info.repeatable
    ? ''
    : info.kind === 'command'
      ? options.target === 'windows'
        ? ' · one line (Windows keeps only the last)'
        : ' · may repeat (each line runs, in order)'
      : ' · may repeat (values add up)';
  parts.push(`**${info.name}** · \`[${info.section}]\`${repeats}`);
  if (options.writtenIn !== undefined && options.writtenIn !== info.section) {
    parts.push(`⚠ \`${info.name}\` belongs in \`[${info.section}]\`, not \`[${options.writtenIn}]\`.`);
  }
  if (options.outsideSection) {
    parts.push(`⚠ Outside any section: every tool rejects the line (the Apple apps import the file and drop it). Put it under \`[${info.section}]\`.`);
  }
  // (Keys wg reads itself work under it: only wg-quick's and the apps' are lost.)
  if (options.spacedHeader !== undefined && !info.targets.includes('wg')) parts.push(spacedHeaderWarning(options.spacedHeader, info.section, info));
  const unread = targetWarning(info, options.target);
  if (unread) parts.push(unread);
  parts.push((options.target && info.targetDoc?.[options.target]) ?? info.doc);
  const facts = [`**Syntax:** ${(options.target && info.targetSyntax?.[options.target]) ?? info.syntax}`];
  if (info.default !== undefined) facts.push(`**Default:** ${info.default}`);
  facts.push(readByLine(info));
  if (info.requiredBy?.length) facts.push(`**Required by:** ${info.requiredBy.map((t) => TARGET_SHORT[t]).join(', ')}`);
  parts.push(facts.join('  \n'));
  parts.push(`**Example:**\n\n\`\`\`wireguard\n${(options.target && info.targetExample?.[options.target]) ?? info.example}\n\`\`\``);
  parts.push(`See ${manLink(info.man)}.`);
  return parts.join('\n\n');
}

/**
 * A section's example without the keys `target` does not read (editor review: the [Interface] example
 * showed `wg` an Address, which wg rejects).
 */
function exampleFor(info: SectionInfo, target: Target | undefined): string {
  if (!target) return info.example;
  return info.example
    .split('\n')
    .filter((line) => {
      const eq = line.indexOf('=');
      const key = eq < 0 ? undefined : lookupKey(line.slice(0, eq).trim(), info.name);
      return !key || key.info.targets.includes(target);
    })
    .join('\n');
}

/** `spacedHeader`: the header as written, when it has blanks inside its brackets. */
export function sectionMarkdown(info: SectionInfo, spacedHeader?: string, target?: Target): string {
  return [
    `**[${info.name}]**${info.repeatable ? ' · one per peer' : ' · one per file'}`,
    ...(spacedHeader !== undefined ? [spacedHeaderWarning(spacedHeader, info.name)] : []),
    info.doc,
    `**Example:**\n\n\`\`\`wireguard\n${exampleFor(info, target)}\n\`\`\``,
    `See ${manLink('wg')} and ${manLink('wg-quick')}.`,
  ].join('\n\n');
}
