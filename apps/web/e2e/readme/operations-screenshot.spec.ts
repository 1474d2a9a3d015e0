import { setTimeout as sleep } from 'node:timers/promises';
import { expect, signIn, test } from '../fixtures.js';
import { inDocs } from './readme-pictures.js';

// Not part of `test:e2e`: `pnpm --filter @livebell/web screenshot` runs it to
// refresh the README's picture of the operations page, from the real stack
// under a little load (a few subscribers, notifications at a varying rate).

test('the operations page under load, as the README shows it', async ({ page, browser, notify }) => {
  test.setTimeout(120_000);
  const users = ['ada', 'grace', 'linus', 'margaret'];
  const contexts = await Promise.all(users.map(() => browser.newContext()));
  await Promise.all(contexts.map(async (context, i) => signIn(await context.newPage(), users[i] ?? 'ada')));
  await signIn(page, 'ops-admin', 'admin');
  await page.getByRole('navigation').getByRole('link', { name: 'Operations' }).click();

  // About 40 seconds of notifications, at a rate that rises and falls.
  for (let second = 0; second < 40; second++) {
    const perSecond = Math.round(4 + 6 * Math.sin((second / 40) * Math.PI * 2) ** 2);
    await Promise.all(
      Array.from({ length: perSecond }, (_, i) =>
        notify(users[(second + i) % users.length] ?? 'ada', { title: `Order ${second}-${i} shipped` }),
      ),
    );
    await sleep(1000);
  }
  await expect(page.getByRole('region', { name: 'Deliveries per second' }).locator('.stat-value')).not.toHaveText('–');
  await page.mouse.move(0, 0);
  await page.screenshot({ path: inDocs('operations.png'), animations: 'disabled' });
  await Promise.all(contexts.map((context) => context.close()));
});
