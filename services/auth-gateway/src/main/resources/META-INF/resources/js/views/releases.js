// The Releases page: the agent versions published by the operator (docs/ota.md), newest first, from one
// GET /api/releases per refresh. Read-only: publishing needs the operator credential, never a user's session.

import { ota } from '../api.js';
import { formatBytes } from '../fleet.js';
import { byId, element, formatTime, refreshEvery, show } from '../ui.js';

const REFRESH_MS = 30000;

export function renderReleases(main) {
  const rows = element('tbody', { id: 'release-rows' });
  const header = (text) => element('th', { scope: 'col', textContent: text });
  main.append(element('section', { id: 'releases-view', 'aria-labelledby': 'releases-title' },
    element('div', { className: 'view-head' },
      element('h1', { id: 'releases-title', tabIndex: -1, textContent: 'Agent releases' }),
      element('a', { className: 'button', href: '#/rollouts', textContent: 'Rollouts' })),
    element('p', { className: 'hint', textContent: 'Versions of the Pi agent published by the operator, each signed '
      + 'with the release key. Roll one out to your devices from the Rollouts page.' }),
    element('p', { id: 'releases-error', className: 'error', role: 'alert', hidden: true }),
    element('div', { className: 'table-wrap' },
      element('table', { id: 'releases-table', className: 'fleet-table' },
        element('caption', { className: 'visually-hidden', textContent: 'Published agent releases' }),
        element('thead', {}, element('tr', {}, header('Version'), header('Published'), header('Size'),
          header('Signed by key'), header('Notes'), element('td'))),
        rows)),
    element('p', { id: 'releases-empty', className: 'empty', textContent: 'No release is published yet.', hidden: true }),
    element('p', { className: 'hint' }, 'Refreshes every 30 seconds. ', element('span', { id: 'releases-updated' }))));

  return refreshEvery(REFRESH_MS, {
    load: async () => (await ota.releases()).releases,
    render: (releases) => {
      rows.replaceChildren(...releases.map(releaseRow));
      show(byId('releases-empty'), releases.length === 0);
    },
    errorId: 'releases-error',
    updatedId: 'releases-updated',
    failureText: 'Could not load the releases.',
  }).stop;
}

function releaseRow(release) {
  return element('tr', { dataset: { version: release.version } },
    element('td', { className: 'mono', dataset: { testid: 'version' }, textContent: release.version }),
    element('td', {}, element('time', {
      dateTime: release.publishedAt, textContent: release.publishedAt ? formatTime(release.publishedAt) : '–',
    })),
    element('td', { className: 'number', dataset: { testid: 'size' }, textContent: formatBytes(release.size) }),
    element('td', { className: 'mono', textContent: release.keyId ?? '–' }),
    element('td', { textContent: release.notes ?? '' }),
    element('td', {}, element('a', {
      href: `#/rollouts?${new URLSearchParams({ version: release.version })}`, textContent: 'Roll out',
      'aria-label': `Roll out ${release.version}`,
    })));
}
