/**
 * The explainer panel's script: animation controls, and the buttons that ask the extension to act
 * ("Apply fix", "Go to code", "Refresh"). It never acts on the workspace itself and sends only the
 * opaque ids the page was rendered with; the extension checks them. Wired with addEventListener
 * only: the CSP allows no inline handlers.
 */
import { parseExtensionMessage, parseWebviewState, type ExplainerWebviewState, type WebviewToExtension } from '../vscode/explainer-protocol';
import { TimelinePlayer } from './timeline-player';

interface VsCodeApi {
  postMessage(message: WebviewToExtension): void;
  getState(): unknown;
  setState(state: ExplainerWebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const main = document.getElementById('explainer');
const motion = window.matchMedia('(prefers-reduced-motion: reduce)');
const reducedMotion = () => motion.matches;

function pageState(): ExplainerWebviewState {
  try {
    return parseWebviewState(JSON.parse(main?.dataset.state ?? '{}'));
  } catch {
    return {};
  }
}

const renderId = main?.dataset.render ?? '';
const previous = parseWebviewState(vscode.getState());
// Kept for the serializer (reload) and so that re-showing the panel does not replay the animation.
vscode.setState({ ...pageState(), playedRender: renderId });

const players = new Map<HTMLElement, TimelinePlayer>();
for (const picture of document.querySelectorAll<HTMLElement>('[data-picture]')) {
  const player = new TimelinePlayer(picture, reducedMotion);
  player.seek(Number.POSITIVE_INFINITY);
  players.set(picture, player);
}

// Each picture plays once when it first comes into view, unless motion is reduced or this render
// already played (the panel was hidden and shown again).
if (previous.playedRender !== renderId && !reducedMotion() && 'IntersectionObserver' in window) {
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        players.get(entry.target as HTMLElement)?.play();
      }
    },
    { threshold: 0.4 },
  );
  for (const picture of players.keys()) observer.observe(picture);
}

function statusOf(element: Element): HTMLElement | null {
  return element.closest('.fix')?.querySelector<HTMLElement>('[data-fix-status]') ?? null;
}

function showRefresh(scope: ParentNode): void {
  for (const button of scope.querySelectorAll<HTMLButtonElement>('[data-action="refresh"]')) button.hidden = false;
}

document.addEventListener('click', (event) => {
  const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-action]');
  if (!button || button.disabled) return;
  const picture = button.closest<HTMLElement>('[data-picture]');
  const player = picture ? players.get(picture) : undefined;
  switch (button.dataset.action) {
    case 'play':
      player?.toggle();
      break;
    case 'step':
      player?.step();
      break;
    case 'end':
      player?.showAll();
      break;
    case 'apply-fix': {
      const fixId = button.dataset.fixId;
      if (!fixId) return;
      button.disabled = true;
      const status = statusOf(button);
      if (status) status.textContent = 'Applying the fix…';
      vscode.postMessage({ type: 'applyFix', fixId });
      break;
    }
    case 'reveal': {
      const locationId = button.dataset.locationId;
      if (locationId) vscode.postMessage({ type: 'reveal', locationId });
      break;
    }
    case 'refresh': {
      const status = statusOf(button);
      if (status) status.textContent = 'Reading your code again…';
      vscode.postMessage({ type: 'refresh' });
      break;
    }
  }
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseExtensionMessage(event.data);
  if (!message) return;
  switch (message.type) {
    case 'fixResult': {
      for (const button of document.querySelectorAll<HTMLButtonElement>('[data-action="apply-fix"]')) {
        if (button.dataset.fixId !== message.fixId) continue;
        const status = statusOf(button);
        if (status) status.textContent = message.text;
        if (message.outcome === 'applied') {
          button.textContent = 'Fix applied';
          button.disabled = true;
        } else if (message.outcome === 'stale') {
          button.disabled = true;
          showRefresh(button.closest('.fix') ?? document);
        } else {
          button.disabled = false;
        }
      }
      break;
    }
    case 'documentChanged': {
      for (const button of document.querySelectorAll<HTMLButtonElement>('[data-action="apply-fix"]')) {
        if (button.textContent === 'Fix applied') continue;
        button.disabled = true;
        const status = statusOf(button);
        if (status) status.textContent = message.text;
      }
      showRefresh(document);
      break;
    }
  }
});
