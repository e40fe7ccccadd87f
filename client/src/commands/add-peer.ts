// "WireGuard: Add peer…": asks for the new peer's details, then lets the server build and
// apply the change (wgls.server.addPeer: one WorkspaceEdit creating the new config and
// appending its [Peer] here). All logic is in the server; this file is only questions.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { configUri, runOnServer } from './server.ts';
import { ADD_PEER as SERVER_ADD_PEER, ADD_PEER_DEFAULTS as SERVER_DEFAULTS, type AddPeerDefaults } from '../../../server/src/lsp/protocol.ts';
import type { AddPeerOptions, Topology } from '../../../server/src/core/edits/add-peer.ts';
import { dnsListProblem, endpointAnswerProblem, peerName, peerNameProblem, prefixListProblem, sharedLanProblem, takenLanProblem } from '../../../server/src/core/edits/peer-answers.ts';
import { fileNameProblem } from '../../../server/src/core/rules/file.ts';

export const ADD_PEER = 'wgls.addPeer';

// The server's own checks (one module for both): what the boxes accept, the server accepts.
const validPrefixes = (what: string) => (v: string) => prefixListProblem(v, what);
const validDns = (v: string) => dnsListProblem(v);

export function registerAddPeer(context: vscode.ExtensionContext, client: LanguageClient, languageId: string): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(ADD_PEER, async (target?: string | vscode.Uri) => {
      const uri = configUri(target, languageId);
      if (!uri) {
        void vscode.window.showErrorMessage('Add peer: open the WireGuard config the new peer should join (the hub) first.');
        return undefined;
      }
      // The new config is written next to this one: a saved file it must be (not an unsaved or a git: view).
      if (vscode.Uri.parse(uri).scheme !== 'file') {
        void vscode.window.showErrorMessage('Add peer: save this config as a file first; the new peer\'s config is written next to it.');
        return undefined;
      }
      try {
        // The server waits for the workspace index first (the next free address must see every config).
        const defaults = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Add peer: reading the workspace…' }, () =>
          runOnServer(client, SERVER_DEFAULTS, { uri }),
        );
        if (defaults.problem) throw new Error(defaults.problem);
        if (defaults.caution) {
          const go = await vscode.window.showWarningMessage(`Add peer: ${defaults.caution}`, { modal: true }, 'Add peer');
          if (go !== 'Add peer') return undefined;
        }
        const answers = await ask(defaults, vscode.Uri.parse(uri));
        if (!answers) return undefined;
        const result = await runOnServer(client, SERVER_ADD_PEER, { uri, ...answers });
        await vscode.window.showTextDocument(vscode.Uri.parse(result.uri), { preview: false });
        return result.uri;
      } catch (err) {
        void vscode.window.showErrorMessage(`Add peer: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
    }),
  );
}

/** Steps per topology: name, topology, LAN, (this side's LAN), endpoint, (routing, DNS). */
const STEPS: Record<Topology, number> = { 'hub-spoke': 6, 'point-to-point': 4, 'site-to-site': 5 };

/** Whether `<name>.conf` exists next to the config (the server refuses to overwrite it). */
async function exists(dir: vscode.Uri, name: string): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(vscode.Uri.joinPath(dir, `${name}.conf`));
    return true;
  } catch {
    return false;
  }
}

async function ask(defaults: AddPeerDefaults, config: vscode.Uri): Promise<AddPeerOptions | undefined> {
  const dir = vscode.Uri.joinPath(config, '..');
  // Clicking into the editor (to look up an address, say) must not throw the answers away.
  const keep = { ignoreFocusOut: true };
  const name = await vscode.window.showInputBox({
    ...keep,
    // The number of steps depends on the topology, asked next.
    title: 'Add peer (step 1): name',
    prompt: `The new config is <name>.conf; it gets ${defaults.addresses.join(', ')}`,
    placeHolder: 'laptop',
    validateInput: async (v) =>
      peerNameProblem(v) ??
      (defaults.target ? fileNameProblem(`${peerName(v)}.conf`, defaults.target) : undefined) ??
      (defaults.names?.includes(peerName(v).toLowerCase()) ? `A peer of this config is already named ${peerName(v)}: choose another name.` : undefined) ??
      ((await exists(dir, peerName(v))) ? `${peerName(v)}.conf already exists next to this config: choose another name.` : undefined),
  });
  if (!name) return undefined;

  const topologies: Array<vscode.QuickPickItem & { id: Topology }> = [
    { id: 'hub-spoke', label: 'Spoke of this hub', description: 'default', detail: 'The new peer dials this config and reaches the tunnel through it' },
    { id: 'point-to-point', label: 'Point-to-point', detail: 'Both ends have a public address and listen' },
    { id: 'site-to-site', label: 'Site-to-site', detail: 'Point-to-point joining the LANs behind each end' },
  ];
  const topology = await vscode.window.showQuickPick(topologies, { ...keep, title: 'Add peer (step 2): topology' });
  if (!topology) return undefined;
  const total = STEPS[topology.id];
  let step = 2;
  const title = (what: string) => `Add peer (${++step}/${total}): ${what}`;

  const lan = await vscode.window.showInputBox({
    ...keep,
    title: title('LAN behind the new peer (optional)'),
    placeHolder: 'e.g. 192.168.1.0/24; leave empty for none',
    validateInput: (v) => validPrefixes('LAN behind the new peer')(v) ?? takenLanProblem(v, defaults.taken ?? []),
  });
  if (lan === undefined) return undefined;
  let localLan: string | undefined;
  if (topology.id === 'site-to-site') {
    localLan = await vscode.window.showInputBox({
      ...keep,
      title: title('LAN behind this side (optional)'),
      placeHolder: 'e.g. 192.168.10.0/24',
      validateInput: (v) => validPrefixes('LAN behind this side')(v) ?? sharedLanProblem(v, lan),
    });
    if (localLan === undefined) return undefined;
  }

  const endpointHost = await vscode.window.showInputBox({
    ...keep,
    title: title('the host name or address the new peer reaches this side at'),
    value: defaults.endpointHost,
    prompt: defaults.endpointKnown ? 'As the other configs already use' : 'No config dials this one yet: replace the placeholder',
    // The server refuses the same (the host becomes part of an Endpoint line). The placeholder may be
    // kept (to fill in later), with a warning.
    validateInput: (v) =>
      v.trim() === ''
        ? undefined
        : (endpointAnswerProblem(v) ??
          (!defaults.endpointKnown && v.trim() === defaults.endpointHost
            ? { message: `${defaults.endpointHost} is a placeholder: the new config cannot reach this side until it names the real host.`, severity: vscode.InputBoxValidationSeverity.Warning }
            : undefined)),
  });
  if (endpointHost === undefined) return undefined;

  let fullTunnel = false;
  if (topology.id === 'hub-spoke') {
    const mode = await vscode.window.showQuickPick(
      [
        { label: 'Tunnel subnet only', detail: 'Only VPN traffic goes through the hub', full: false },
        { label: 'Full tunnel', detail: 'All traffic goes through the hub (AllowedIPs = 0.0.0.0/0, ::/0)', full: true },
      ],
      { ...keep, title: title('what the new peer routes through the hub') },
    );
    if (!mode) return undefined;
    fullTunnel = mode.full;
  }

  // A spoke sending everything through the hub should also resolve names through it: without a DNS
  // line it keeps asking the local network's resolver, outside the tunnel. Offered: what the other
  // spokes use.
  let dns: string | undefined;
  if (topology.id === 'hub-spoke') {
    dns = await vscode.window.showInputBox({
      ...keep,
      title: title('DNS for the new peer' + (fullTunnel ? ' (recommended with a full tunnel)' : ' (optional)')),
      // Offered for a full tunnel only: the spokes' resolver may be reachable only through a full tunnel.
      value: fullTunnel ? (defaults.dns ?? '') : '',
      placeHolder: fullTunnel ? 'a resolver reached through the hub, e.g. its tunnel address' : 'leave empty to keep the system resolver',
      prompt: fullTunnel ? (defaults.dns ? 'As the other spokes of this hub use' : 'Without one, DNS queries leave outside the tunnel') : undefined,
      validateInput: validDns,
    });
    if (dns === undefined) return undefined;
  }
  // An emptied answer is sent as '' (none), not left out (the server would then fill in the offer).
  // (As typed: the server drops a `.conf` itself, once, as the check above did.)
  return { name: name.trim(), topology: topology.id, lan, ...(localLan ? { localLan } : {}), endpointHost, fullTunnel, ...(dns !== undefined ? { dns: dns.trim() } : {}) };
}
