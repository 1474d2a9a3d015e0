import { describe, expect, it } from 'vitest';
import type { ResumeTokenStore } from '../../src/live-delivery/resume-token-store.js';
import { TokenSaver, type SavedProgress } from '../../src/live-delivery/token-saver.js';
import { silentLogger } from '../support/silent-logger.js';

function recordingStore(fail = false) {
  const saved: string[] = [];
  const store = {
    save: (position: string) => {
      if (fail) return Promise.reject(new Error('database unreachable'));
      saved.push(position);
      return Promise.resolve();
    },
  } as unknown as ResumeTokenStore;
  return { store, saved };
}

describe('TokenSaver', () => {
  it('saves a moved position on stop, and nothing when it has not moved', async () => {
    const { store, saved } = recordingStore();
    const progress: SavedProgress = { position: 'A1', lastEventAt: null };
    const saver = new TokenSaver(store, () => progress, silentLogger(), 60_000, 'A1');
    saver.start();
    await saver.stop();
    expect(saved).toEqual([]);

    const moved = new TokenSaver(
      store,
      () => ({ position: 'B2', lastEventAt: new Date() }),
      silentLogger(),
      60_000,
      'A1',
    );
    moved.start();
    await moved.stop();
    expect(saved).toEqual(['B2']);
    expect(moved.savedPosition).toBe('B2');
  });

  it('keeps the last saved position when a save fails', async () => {
    const { store } = recordingStore(true);
    const saver = new TokenSaver(
      store,
      () => ({ position: 'B2', lastEventAt: new Date() }),
      silentLogger(),
      60_000,
      'A1',
    );
    saver.start();
    await saver.stop();
    expect(saver.savedPosition).toBe('A1');
  });

  it('saves while changes flow, once per interval', async () => {
    const { store, saved } = recordingStore();
    let progress: SavedProgress = { position: 'B2', lastEventAt: new Date() };
    const saver = new TokenSaver(store, () => progress, silentLogger(), 20, 'A1');
    saver.start();
    await expect.poll(() => saved).toEqual(['B2']);
    progress = { position: 'C3', lastEventAt: new Date() };
    await expect.poll(() => saved).toEqual(['B2', 'C3']);
    await saver.stop();
  });
});
