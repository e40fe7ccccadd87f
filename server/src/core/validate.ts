// Single-document validation: build the model once, then run every rule group.
// Rules are grouped by what they look at; each group is one module in ./rules/.
//
// Inside a workspace the results of each [Peer] are kept across versions of the file: the model
// reuses a PeerModel object while the peer's lines are the same and at the same place, so a kept
// result is valid while the PeerModel is the same object and the few facts outside the peer that the
// rules read are the same too (the target; for the cross-file and keepalive checks also this
// config's key, addresses, ListenPort and the other files). A one-line edit in a hub of thousands of
// peers re-checks one peer plus the interface and the passes across peers (routing, duplicate keys).
//
// A line added or removed moves every later peer: each gets a new PeerModel (its line numbers
// differ), with the origin of the one it was moved from (PeerModel.origin: the same lines). A moved
// peer whose kept results were empty keeps them: whether a check finds something depends on the
// lines, not on where they are; only what it reports (ranges, "line N" in messages) does, so results
// that are not empty are moved with it (their ranges shifted), or computed again when a problem names
// a line number or reaches outside the peer (movedProblem).
//
// The problems are exactly those of a validation from scratch, in the same order: each group's
// reports are assembled in the order the group would report them, the groups in their fixed order,
// then sorted (stably) by position; severity overrides and suppressions are applied last.

import { editsAfterBom, type ConfigDocument } from './parser.ts';
import type { Fix, Problem } from './problem.ts';
import { DEFAULT_TARGET, type Target } from './schema.ts';
import { buildModel, type ConfigModel, type PeerModel } from './model.ts';
import { Collector, finish, movedProblem, readsFile, type RuleContext, type ValidateOptions } from './rules/context.ts';
import { checkBom, checkLines, checkLoneCr, checkPreamble, firstLoneCr } from './rules/syntax.ts';
import { checkInterfaceSections, checkPeerHasKey, checkSectionKeys } from './rules/keys.ts';
import { checkInterfaceValues, checkSectionValues } from './rules/values.ts';
import { checkRouting, Routing, tableMode } from './rules/routing.ts';
import { checkPeers, PeerKeys } from './rules/peers.ts';
import { checkMtu } from './rules/mtu.ts';
import { checkPeerKeepalive, hasListenPort } from './rules/keepalive.ts';
import { checkEndpointInTunnel } from './rules/endpoint-tunnel.ts';
import { checkHooks } from './rules/hooks.ts';
import { checkFile } from './rules/file.ts';
import { checkFileCounterparts, checkPeerCounterpart, mergedPskDigest } from './rules/cross-file.ts';
import { isDirective, NONE, suppressions } from './rules/suppressions.ts';
import { checkTargetDirectives, effectiveTarget } from './rules/target-directive.ts';
import { checkSuppressionIds, unusedSuppressions } from './rules/suppression-ids.ts';
import type { WorkspaceFile, WorkspaceModel } from './workspace.ts';
import { lineBreakAfter } from './edits/change.ts';

export type { ValidateOptions } from './rules/context.ts';

export function validate(doc: ConfigDocument, options: ValidateOptions = {}, model: ConfigModel = buildModel(doc)): Problem[] {
  return run(doc, model, options);
}

/** Validation of a workspace file: the single-file rules plus the cross-file ones (counterparts). */
export function validateInWorkspace(ws: WorkspaceModel, file: WorkspaceFile, options: ValidateOptions = {}): Problem[] {
  return run(file.doc, file.model, options, { model: ws, file }, ws.memo(file.uri, KeptResults, () => new KeptResults()));
}

/** What the single-file rules found in one [Peer] (they read nothing outside it but the target). */
interface PeerResults {
  readonly syntax: readonly Problem[];
  /** First line of the section ending in a lone CR, or -1. */
  readonly cr: number;
  /** Lines of the section holding a suppression comment. */
  readonly directives: readonly number[];
  readonly keys: readonly Problem[];
  readonly hasKey: readonly Problem[];
  readonly values: readonly Problem[];
}

/** What the keepalive, endpoint-in-tunnel and cross-file rules found for one [Peer]. */
interface PeerLinks {
  readonly keepalive: readonly Problem[];
  readonly counterpart: readonly Problem[];
}

/** Per-peer results of a file's last validation, aligned with its peers. */
class KeptResults {
  target?: Target;
  peers: readonly PeerModel[] = [];
  results: PeerResults[] = [];
  /** Everything outside the peer that the keepalive and cross-file checks read (see `linksKey`). */
  linksKey?: string;
  links: PeerLinks[] = [];
  readonly keys = new PeerKeys();
  readonly routing = new Routing();
}

const NO_LINES: readonly number[] = Object.freeze([]);
const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);
/** The results of a clean peer (most of a hub's): one object, so "empty" is one comparison. */
const CLEAN: PeerResults = Object.freeze({ syntax: NO_PROBLEMS, cr: -1, directives: NO_LINES, keys: NO_PROBLEMS, hasKey: NO_PROBLEMS, values: NO_PROBLEMS });
const NO_LINKS: PeerLinks = Object.freeze({ keepalive: NO_PROBLEMS, counterpart: NO_PROBLEMS });

/**
 * For each peer that is not the kept PeerModel at its index, the kept peer with the same lines
 * elsewhere (the same origin: see PeerModel.origin): the same peer moved. Tries the offset of the
 * last match first (a line added or removed moves a run of peers alike), else an index by origin.
 */
class Moves {
  #offset = 0;
  #byOrigin: Map<number, number> | undefined;
  #newest = -1;

  constructor(private readonly kept: KeptResults) {}

  /** The kept index of the peer now at `i`, moved, or -1. */
  find(i: number, peer: PeerModel): number {
    const peers = this.kept.peers;
    const guess = i + this.#offset;
    if (peers[guess]?.origin === peer.origin) return guess;
    // Origins grow with each build: a peer built after every kept one (the one just edited) is none
    // of them, and needs no index of 5,000 origins to say so.
    if (peer.origin > this.newest()) return -1;
    const j = this.origins().get(peer.origin) ?? -1;
    if (j >= 0) this.#offset = j - i;
    return j;
  }

  /** The largest origin among the kept peers. */
  private newest(): number {
    if (this.#newest < 0) {
      const peers = this.kept.peers;
      let max = 0;
      for (let j = 0; j < peers.length; j++) if (peers[j]!.origin > max) max = peers[j]!.origin;
      this.#newest = max;
    }
    return this.#newest;
  }

  private origins(): Map<number, number> {
    if (this.#byOrigin === undefined) {
      const map = (this.#byOrigin = new Map());
      const peers = this.kept.peers;
      for (let j = 0; j < peers.length; j++) map.set(peers[j]!.origin, j);
    }
    return this.#byOrigin;
  }
}

function run(doc: ConfigDocument, model: ConfigModel, options: ValidateOptions, workspace?: RuleContext['workspace'], kept?: KeptResults): Problem[] {
  // A `# wgls-target` comment in the file overrides the setting (rules/target-directive.ts).
  const setting = options.target ?? DEFAULT_TARGET;
  const target = effectiveTarget(doc, setting);
  const ctx = new Collector(doc, model, target, options, workspace);
  const moves = kept && new Moves(kept);
  const results = peerResults(ctx, kept, moves);
  const listens = hasListenPort(ctx);
  const key = linksKey(ctx, listens);
  const links = peerLinks(ctx, listens, kept?.linksKey === key ? kept : undefined, moves);
  if (kept) {
    kept.target = target;
    kept.peers = model.peers;
    kept.results = results;
    kept.linksKey = key;
    kept.links = links;
  }
  const raw: Problem[] = [];
  const add = (list: readonly Problem[]) => {
    for (let i = 0; i < list.length; i++) raw.push(list[i]!);
  };
  const here = (check: () => void) => add(ctx.collect(check));

  // Syntax: the BOM, every line, the first lone CR, entries outside any section.
  here(() => checkBom(ctx));
  const sections = doc.sections;
  const directives: number[] = [];
  let cr = -1;
  const outside = (from: number, to: number, inInterface: boolean) => {
    here(() => checkLines(ctx, from, to, inInterface));
    if (cr < 0) cr = firstLoneCr(ctx, from, to);
    for (let i = from; i < to; i++) if (isDirective(doc, i)) directives.push(i);
  };
  outside(0, sections.length ? sections[0]!.headerLine : doc.lines.length, false);
  for (let s = 0, p = 0; s < sections.length; s++) {
    const section = sections[s]!;
    if (section.kind !== 'peer') {
      outside(section.headerLine, section.endLine, section.kind === 'interface');
      continue;
    }
    const r = results[p++]!;
    add(r.syntax);
    if (cr < 0) cr = r.cr;
    for (const line of r.directives) directives.push(line);
  }
  here(() => checkLoneCr(ctx, cr));
  here(() => checkPreamble(ctx));

  // Keys: each section in file order, the interface-level checks, then each peer's PublicKey.
  for (let s = 0, p = 0; s < sections.length; s++) {
    const section = sections[s]!;
    if (section.kind === 'peer') add(results[p++]!.keys);
    else if (section.kind === 'interface') here(() => checkSectionKeys(ctx, section, model.bySection.get(section) ?? []));
  }
  here(() => checkInterfaceSections(ctx));
  for (const r of results) add(r.hasKey);

  // Values: each section in file order (one context: Address duplicates count across sections).
  for (let s = 0, p = 0; s < sections.length; s++) {
    const section = sections[s]!;
    if (section.kind === 'peer') add(results[p++]!.values);
    else if (section.kind === 'interface') here(() => checkSectionValues(ctx, 'interface', model.bySection.get(section) ?? [], undefined));
  }
  here(() => checkInterfaceValues(ctx));

  here(() => checkRouting(ctx, kept?.routing));
  for (const list of checkPeers(ctx, kept?.keys)) add(list);
  here(() => checkMtu(ctx));
  for (const l of links) add(l.keepalive);
  here(() => checkHooks(ctx));
  here(() => checkFile(ctx));
  here(() => checkTargetDirectives(ctx, directives));
  if (directives.length) here(() => checkSuppressionIds(ctx, directives));
  if (workspace) {
    for (const l of links) add(l.counterpart);
    here(() => checkFileCounterparts(ctx, workspace.model, workspace.file));
  }

  raw.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const suppressed = directives.length ? suppressions(doc, directives) : NONE;
  const out = finish(raw, options, suppressed);
  const leftovers = unusedSuppressions(doc, suppressed.unused(), options);
  if (leftovers.length) {
    out.push(...leftovers);
    // (Stable: in position order, as finish returns them and the server's cap counts them.)
    out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }
  // In a file with a BOM the fixes' edits on line 0 move by one, so applying one keeps the BOM whole.
  // (One moved fix per fix object: a fix several problems share stays shared, see hooks.ts.)
  if (!doc.bom) return out;
  const moved = new Map<Fix, Fix>();
  const move = (f: Fix) => {
    let m = moved.get(f);
    if (!m) moved.set(f, (m = { ...f, edits: editsAfterBom(doc, f.edits) }));
    return m;
  };
  return out.map((p) => (p.fixes ? { ...p, fixes: p.fixes.map(move) } : p));
}

/**
 * The single-file results of every peer: kept ones where the peer is the same object (unless one reads
 * more of the file: readsMore), moved ones where it moved (movedResults), new ones elsewhere.
 */
function peerResults(ctx: Collector, kept: KeptResults | undefined, moves: Moves | undefined): PeerResults[] {
  const peers = ctx.model.peers;
  const reuse = kept && kept.target === ctx.target;
  const out: PeerResults[] = new Array(peers.length);
  const fixes = new Map<Fix, Fix>();
  for (let i = 0; i < peers.length; i++) {
    const peer = peers[i]!;
    if (reuse && kept.peers[i] === peer && !readsMore(kept.results[i]!)) out[i] = kept.results[i]!;
    else {
      const j = reuse ? moves!.find(i, peer) : -1;
      const was = j >= 0 ? kept!.results[j]! : undefined;
      out[i] = was === CLEAN ? CLEAN : ((was && movedResults(was, kept!.peers[j]!, peer, fixes)) ?? checkPeerAlone(ctx, peer));
    }
  }
  return out;
}

/**
 * Whether a peer's results hold a problem that reads more of the file than the peer's lines (a key that
 * is one of the file's secrets once its invisible characters go: diff review, a PresharedKey added above
 * left the preferred fix that writes the secret into the PublicKey): made again, never kept.
 */
const readsMore = (r: PeerResults): boolean =>
  r !== CLEAN && (r.syntax.some(readsFile) || r.keys.some(readsFile) || r.hasKey.some(readsFile) || r.values.some(readsFile));

/**
 * A moved peer's results (the same lines elsewhere: see Moves) moved with it, or undefined when one of
 * its problems cannot be (it names a line number, reaches outside the peer or reads more of the file:
 * movedProblem): then they are made again. A line added above many peers with problems (a hub where each peer has a warning)
 * re-checked every one of them: 80 ms per Enter on 5,000 peers against 16 ms clean (fuzz review).
 */
function movedResults(r: PeerResults, before: PeerModel, now: PeerModel, fixes: Map<Fix, Fix>): PeerResults | undefined {
  const delta = now.section.headerLine - before.section.headerLine;
  const move = (list: readonly Problem[]) => movedList(list, before, delta, fixes);
  const syntax = move(r.syntax);
  const keys = syntax && move(r.keys);
  const hasKey = keys && move(r.hasKey);
  const values = hasKey && move(r.values);
  if (!values) return undefined;
  return { syntax: syntax!, cr: r.cr < 0 ? -1 : r.cr + delta, directives: r.directives.map((l) => l + delta), keys: keys!, hasKey: hasKey!, values };
}

/** movedResults for a peer's keepalive and cross-file results (those naming another file are made again). */
function movedLinks(r: PeerLinks, before: PeerModel, now: PeerModel, fixes: Map<Fix, Fix>): PeerLinks | undefined {
  const delta = now.section.headerLine - before.section.headerLine;
  const keepalive = movedList(r.keepalive, before, delta, fixes);
  const counterpart = keepalive && movedList(r.counterpart, before, delta, fixes);
  return counterpart ? { keepalive: keepalive!, counterpart } : undefined;
}

/** The problems of `before`'s lines moved by `delta` (movedProblem), or undefined when one cannot be. */
function movedList(list: readonly Problem[], before: PeerModel, delta: number, fixes: Map<Fix, Fix>): readonly Problem[] | undefined {
  if (list.length === 0) return list;
  const out: Problem[] = new Array(list.length);
  for (let k = 0; k < list.length; k++) {
    const m = movedProblem(list[k]!, delta, before.section.headerLine, before.section.endLine, fixes);
    if (!m) return undefined;
    out[k] = m;
  }
  return out;
}

function checkPeerAlone(ctx: Collector, peer: PeerModel): PeerResults {
  const { headerLine: from, endLine: to } = peer.section;
  let directives: number[] | undefined;
  for (let i = from; i < to; i++) if (isDirective(ctx.doc, i)) (directives ??= []).push(i);
  // Nearly every peer of a hub is clean: its checks run into one list, and only a peer with something
  // to report runs them again one by one (they only report). No results object, no closures.
  const cr = firstLoneCr(ctx, from, to);
  if (directives === undefined && cr < 0 && ctx.collectCall(checkPeerLines, peer).length === 0) return CLEAN;
  const r: PeerResults = {
    syntax: ctx.collect(() => checkLines(ctx, from, to, false)),
    cr,
    directives: directives ?? NO_LINES,
    keys: ctx.collect(() => checkSectionKeys(ctx, peer.section, peer.entries)),
    hasKey: ctx.collect(() => checkPeerHasKey(ctx, peer)),
    values: ctx.collect(() => checkSectionValues(ctx, 'peer', peer.entries, peer)),
  };
  const clean = !r.syntax.length && r.cr < 0 && !directives && !r.keys.length && !r.hasKey.length && !r.values.length;
  return clean ? CLEAN : r;
}

/** Every single-file check of a [Peer]'s lines, in checkPeerAlone's order. */
function checkPeerLines(ctx: RuleContext, peer: PeerModel): void {
  checkLines(ctx, peer.section.headerLine, peer.section.endLine, false);
  checkSectionKeys(ctx, peer.section, peer.entries);
  checkPeerHasKey(ctx, peer);
  checkSectionValues(ctx, 'peer', peer.entries, peer);
}

/**
 * Everything outside a peer that its keepalive, endpoint-in-tunnel and cross-file checks read: whether this
 * side listens (and on which port), line 0's line break, this config's URI, public key, Addresses (with their
 * prefixes), Table and SaveConfig, the target, and the other files (their revision). Fixes that add a stanza to this file write its most common
 * break (eolOf), which line 0's stands in for here: counting every line on each keystroke of a big
 * file costs more than the case it misses (half a file's breaks changed, line 0 and the peer not).
 */
function linksKey(ctx: Collector, listens: boolean): string {
  const eol = ctx.doc.lines.length ? lineBreakAfter(ctx.doc, 0) : '';
  const ws = ctx.workspace;
  if (!ws) return `alone|${listens}|${eol}`;
  const f = ws.file;
  // SaveConfig: endpoint-port-mismatch leaves a file wg-quick writes itself alone.
  const save = ctx.model.iface.saveConfig?.node.valueText ?? '';
  // The Addresses with their prefixes: allowed-ips-both-ways leaves the ends' own subnets alone.
  const subnets = ctx.model.iface.addresses.map((a) => a.text).join(',');
  // A repeated PublicKey: its sections' PresharedKeys merge (preshared-key-mismatch reads them all).
  // ListenPort and Table: endpoint-port-mismatch excuses an Endpoint when the other end dials this port on
  // its own, and not when this end dials on its own too (a keepalive, or a full tunnel Table = off undoes).
  const table = tableMode(ctx.model, ctx.target);
  // The interface's name (a `# Name =` comment): the stanzas the fixes write for the other ends name this
  // config by it (found by the incremental property test: a name comment replaced, a stale name kept).
  const name = ctx.model.iface.name ?? '';
  // PreUp/PostUp: no-endpoint-either-side takes a hook's `wg set %i peer KEY endpoint …` for an Endpoint.
  const hooks = ctx.model.iface.entries.filter((e) => e.match?.info.name === 'PreUp' || e.match?.info.name === 'PostUp').map((e) => e.node.valueText).join('\n');
  // The targets (this file's, and the settings other files are read with) decide what the links find.
  return `${ctx.target}|${ctx.options.settingsRevision ?? 0}|${ws.model.othersRevision(f.uri)}|${listens}|${f.listenPort ?? ''}|${table}|${eol}|${f.uri}|${f.publicKey ?? ''}|${subnets}|${save}|${mergedPskDigest(f)}|${name}|${hooks}`;
}

/** `kept`: the last validation's state, when its links were computed under the same `linksKey`. */
function peerLinks(ctx: Collector, listens: boolean, kept: KeptResults | undefined, moves: Moves | undefined): PeerLinks[] {
  const peers = ctx.model.peers;
  const fixes = new Map<Fix, Fix>();
  const ws = ctx.workspace;
  const out: PeerLinks[] = new Array(peers.length);
  const at: LinksAt = { peer: undefined, listens, ws };
  for (let i = 0; i < peers.length; i++) {
    const peer = peers[i]!;
    if (kept && kept.peers[i] === peer) {
      out[i] = kept.links[i]!;
      continue;
    }
    if (kept) {
      const j = moves!.find(i, peer);
      if (j >= 0 && kept.links[j] === NO_LINKS) {
        out[i] = NO_LINKS;
        continue;
      }
      // Moved with the peer when they can be (as peerResults does).
      const moved = j >= 0 ? movedLinks(kept.links[j]!, kept.peers[j]!, peer, fixes) : undefined;
      if (moved) {
        out[i] = moved;
        continue;
      }
    }
    // As in checkPeerAlone: both checks into one list first, one by one only when it holds something.
    at.peer = peer;
    if (ctx.collectCall(checkPeerLinks, at).length === 0) {
      out[i] = NO_LINKS;
      continue;
    }
    const keepalive = ctx.collect(() => {
      checkPeerKeepalive(ctx, peer, listens);
      checkEndpointInTunnel(ctx, peer);
    });
    const counterpart = ws ? ctx.collect(() => checkPeerCounterpart(ctx, ws.model, ws.file, peer)) : NO_PROBLEMS;
    out[i] = keepalive.length || counterpart.length ? { keepalive, counterpart } : NO_LINKS;
  }
  return out;
}

/** What checkPeerLinks reads besides the context: one object per validation, its peer set per call. */
interface LinksAt {
  peer: PeerModel | undefined;
  readonly listens: boolean;
  readonly ws: RuleContext['workspace'];
}

/** The keepalive and cross-file checks of one peer, in peerLinks's order. */
function checkPeerLinks(ctx: RuleContext, at: LinksAt): void {
  checkPeerKeepalive(ctx, at.peer!, at.listens);
  checkEndpointInTunnel(ctx, at.peer!);
  if (at.ws) checkPeerCounterpart(ctx, at.ws.model, at.ws.file, at.peer!);
}
