// "WireGuard: Show as QR Code": the active config as a QR code for the WireGuard apps' "Scan from QR
// code", in a webview beside the editor. The code carries the private key, so it is shown only
// after the user confirms (told when the file is not checked for the apps), in a panel with no
// scripts, no network, nothing kept when it closes, and closed with its config; nothing of it is
// logged. The text is the editor's (unsaved changes included), without comments, and the code follows
// edits of the config while it is shown (a stale code would import the config as it was).

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { fileTargetOf } from './server.ts';
import { QR_MAX_BYTES, needsConfirmation, qrCode, qrSvg, qrText } from '../qr.ts';

export const SHOW_QR = 'wgls.showQrCode';

/**
 * Test hook: `{ confirmed: true }` skips the question (a modal dialog cannot be answered by a test).
 * Honoured only when the extension runs under a test runner, never in an installed one.
 */
interface ShowOptions {
  readonly confirmed?: boolean;
}

/** The targets whose parser is an app's: their users scan QR codes. */
const APPS = new Set(['android', 'apple']);

/** What the QR tab shows, for the extension's API (its tests): the config and the code's byte count. */
export type QrShown = () => { readonly uri: string; readonly bytes: number } | undefined;

export function registerQr(context: vscode.ExtensionContext, client: LanguageClient, languageId: string): QrShown {
  let panel: vscode.WebviewPanel | undefined;
  let shownFor: string | undefined;
  let shownBytes = 0;
  /** The config whose keys the user agreed to show (the question is asked only when the text has keys). */
  let confirmedFor: string | undefined;
  const canSkip = context.extensionMode === vscode.ExtensionMode.Test;
  // The code shows a config's keys: it goes with the last editor tab of that config (VS Code closes
  // the document itself only minutes later).
  const shows = (input: unknown, uri: string) =>
    (input instanceof vscode.TabInputText && input.uri.toString() === uri) ||
    // A config seen in a diff (Source Control, Compare with Saved).
    (input instanceof vscode.TabInputTextDiff && (input.original.toString() === uri || input.modified.toString() === uri));
  const stillShown = (uri: string) => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => shows(t.input, uri)));
  context.subscriptions.push(
    vscode.window.tabGroups.onDidChangeTabs(() => {
      if (shownFor && !stillShown(shownFor)) panel?.dispose();
    }),
  );
  // Edits of the shown config redraw the code once typing pauses; a text that no longer fits, or that
  // now holds keys the user was not asked about, closes it instead.
  let redraw: ReturnType<typeof setTimeout> | undefined;
  context.subscriptions.push(
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (!panel || e.document.uri.toString() !== shownFor) return;
      if (redraw) clearTimeout(redraw);
      redraw = setTimeout(() => {
        redraw = undefined;
        if (!panel || e.document.uri.toString() !== shownFor) return;
        const text = qrText(e.document.getText());
        const code = qrCode(text);
        if ('tooLarge' in code || (needsConfirmation(text) && confirmedFor !== shownFor)) {
          panel.dispose();
          return;
        }
        panel.webview.html = page(e.document.uri.path.split('/').pop() || 'config', qrSvg(code), code.bytes);
        shownBytes = code.bytes;
      }, 250);
    }),
    { dispose: () => redraw && clearTimeout(redraw) },
  );
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_QR, async (options?: ShowOptions) => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc || doc.languageId !== languageId) {
        void vscode.window.showErrorMessage('Show as QR Code: open the WireGuard config to import first.');
        return undefined;
      }
      const name = doc.uri.path.split('/').pop() || 'config';
      const text = qrText(doc.getText());
      const code = qrCode(text);
      if ('tooLarge' in code) {
        void vscode.window.showErrorMessage(`Show as QR Code: ${name} is ${code.tooLarge} bytes; a QR code holds at most ${QR_MAX_BYTES}. The apps import such a config as a file.`);
        return undefined;
      }
      // A config with errors (a broken key above all) is refused by the app after the scan: said first.
      const errors = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      const errorNote = errors.length
        ? ` wgls reports ${errors.length === 1 ? 'an error' : `${errors.length} errors`} in it (${[...new Set(errors.map((d) => codeOf(d)).filter(Boolean))].slice(0, 3).join(', ')}): the app may refuse it.`
        : '';
      if ((needsConfirmation(text) || errors.length) && !(options?.confirmed && canSkip)) {
        const hidden = vscode.workspace.getConfiguration().get<boolean>('wgls.privacy.hideKeys', false);
        const target = await appTarget(client, doc.uri.toString());
        const answer = await vscode.window.showWarningMessage(
          (needsConfirmation(text) ? `The QR code of ${name} carries the keys written in it, its private key included: anyone who sees the screen or a photo of it can use this tunnel.` : `Show ${name} as a QR code?`) +
            errorNote +
            (hidden ? ' Key values are hidden for screen sharing right now.' : '') +
            (target && !APPS.has(target) ? ` wgls checks this file for ${target}, not for the apps, which refuse some keys other tools read: WireGuard: Check This File For… shows what they would refuse.` : ''),
          { modal: true },
          'Show QR Code',
        );
        if (answer !== 'Show QR Code') return undefined;
      }
      const uri = doc.uri.toString();
      confirmedFor = needsConfirmation(text) ? uri : undefined;
      panel?.dispose();
      panel = vscode.window.createWebviewPanel('wgls.qr', `QR: ${name}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: false, localResourceRoots: [] });
      shownFor = uri;
      panel.onDidDispose(() => {
        panel = undefined;
        shownFor = undefined;
      });
      panel.webview.html = page(name, qrSvg(code), code.bytes);
      shownBytes = code.bytes;
      return { bytes: code.bytes, modules: code.size };
    }),
  );
  return () => (panel && shownFor ? { uri: shownFor, bytes: shownBytes } : undefined);
}

/** A diagnostic's rule id (`invalid-key`), or '' when it has none. */
function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : c === undefined ? '' : String(c);
}

/** The file's target as the server sees it (comment or setting), if the server can say. */
async function appTarget(client: LanguageClient, uri: string): Promise<string | undefined> {
  try {
    return (await fileTargetOf(client, uri)).target;
  } catch {
    return undefined;
  }
}

function page(name: string, svg: string, bytes: number): string {
  const escaped = name.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{display:flex;flex-direction:column;align-items:center;gap:1em;padding:2em;font-family:var(--vscode-font-family)}svg{max-width:90vw;height:auto}</style>
</head><body>
${svg}
<p>${escaped} without its comments: ${bytes} bytes. In the WireGuard app: <b>+</b> → <b>Scan from QR code</b>.</p>
<p>This code carries the config's keys. Close this tab when the phone has it.</p>
</body></html>`;
}
