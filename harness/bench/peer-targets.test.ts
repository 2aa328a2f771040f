import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PEER_ENGINES } from './bench-plan.js';
import { isPeerPackageInstalled, openPeerTarget, PEER_SETTINGS } from './peer-targets.js';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-peer-test-'));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

describe.each(PEER_ENGINES)('peer %s', (peer) => {
  const { packageName } = PEER_SETTINGS[peer];

  it('commits durably when installed, or names the install command when not', async () => {
    if (!isPeerPackageInstalled(packageName)) {
      await expect(openPeerTarget(peer, path.join(directory, `${peer}-missing`))).rejects.toThrow(`npm install --no-save ${packageName}`);
      return;
    }
    const peerDirectory = path.join(directory, peer);
    fs.mkdirSync(peerDirectory);
    const target = await openPeerTarget(peer, peerDirectory);
    await Promise.all([target.commit(1, [['a', '1']]), target.commit(2, [['b', '2'], ['a', null]])]);
    await target.close();
    expect(fs.readdirSync(peerDirectory).length).toBeGreaterThan(0);
  });
});
