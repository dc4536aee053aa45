import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildLinshanzhaiDataset, interiorPointOf, type DemoNode } from '@citygrid/demo-data';
import { eventually } from '@citygrid/testing';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';

import { ACCESS_TOKEN_TTL_S, REPO_ROOT, startConsoleStack, type ConsoleStack } from './stack';

/**
 * The admin console in headless Chromium against the real services: a community operator sees
 * only her community's grids on the map, takes a phone report on the map and dispatches it; the
 * police officer accepts it and reports the handling with a photo; the grid member verifies it,
 * which closes it; the operator's dashboard counts it; an auditor sees the case and no action.
 * Any error in the browser console fails the run. Screenshots (zh-CN and en) go to
 * apps/console-e2e/screenshots (git-ignored).
 */

/** What the console's map exposes for tests: the grid codes drawn, and where a point is on the screen. */
declare global {
  interface Window {
    __citygridMap?: { gridCodes: string[]; casePoints: number; ready: boolean; project(lngLat: [number, number]): { x: number; y: number } };
  }
}

const SUB = '410102005';
const COMMUNITY = '410102005001';
const SIBLING = '410102005002';
const ADMIN = { login: 'root', password: 'root-password-2026' };
const PEOPLE = {
  operator: { login: 'community.operator', password: 'community-demo-2026', roles: ['community_operator'], nodeScope: COMMUNITY },
  officer: { login: 'police.officer', password: 'officer-demo-2026', roles: ['department_officer'], nodeScope: SUB, departmentCode: 'lsz-police' },
  member: { login: 'grid.member', password: 'member-demo-2026', roles: ['grid_member'], nodeScope: `${COMMUNITY}0101` },
  auditor: { login: 'auditor', password: 'auditor-demo-2026', roles: ['auditor'], nodeScope: SUB },
} as const;
type Who = keyof typeof PEOPLE;

const SHOTS = join(REPO_ROOT, 'apps/console-e2e/screenshots');
const zh = JSON.parse(readFileSync(join(REPO_ROOT, 'apps/console/src/locales/zh-CN.json'), 'utf8')) as Record<string, Record<string, string>>;
/** A message of the Chinese catalogue by its dotted key. */
const zhText = (key: string): string => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], zh) as string;
const en = JSON.parse(readFileSync(join(REPO_ROOT, 'apps/console/src/locales/en.json'), 'utf8')) as Record<string, Record<string, string>>;

describe('the admin console in a browser', () => {
  const data = buildLinshanzhaiDataset();
  const byCode = new Map(data.nodes.map((n) => [n.code, n]));
  const gridA = byCode.get(`${COMMUNITY}0101`)!;
  const communityGrids = data.nodes.filter((n) => n.gridLevel === 3 && n.code.startsWith(COMMUNITY)).map((n) => n.code);
  let stack: ConsoleStack;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const browserErrors: string[] = [];
  /** Refusals a step provokes on purpose (URL and status): the only failed requests allowed. */
  const expectedRefusals: Array<{ url: RegExp; status: number }> = [];
  const expected = (url: string, status: number) => expectedRefusals.some((e) => e.url.test(url) && e.status === status);
  let refreshes = 0;
  let caseId = '';
  let caseNumber = '';
  let closedBefore = -1;

  const api = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${stack.gateway.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res;
  };

  const login = async (who: Who) => {
    await page.goto(`${stack.gateway.url}/`);
    await page.locator('input[name=login]').fill(PEOPLE[who].login);
    await page.locator('input[name=password]').fill(PEOPLE[who].password);
    await page.locator('form.login button[type=submit]').click();
    await page.getByTestId('who').waitFor();
    expect(await page.getByTestId('who').textContent()).toContain(PEOPLE[who].login);
  };
  /**
   * Go to a page of the console as its own links do (no reload): a reload while a silent refresh
   * is on its way would present the refresh token it is replacing.
   */
  const go = async (path: string) => {
    await page.evaluate((p) => {
      window.history.pushState({}, '', p);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, path);
  };
  const logout = async () => {
    await page.locator('header button', { hasText: /退出登录|Log out/ }).click();
    await page.locator('input[name=login]').waitFor();
  };
  const setLanguage = async (lng: 'zh-CN' | 'en') => {
    await page.getByTestId('language').selectOption(lng);
    await page.waitForFunction((l) => document.documentElement.lang === l, lng);
  };
  const shot = async (name: string) => {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };
  const mapReady = async () => {
    await page.waitForFunction(() => window.__citygridMap?.ready === true && document.querySelector('.maplibregl-canvas') !== null);
    // the first frame of the polygons
    await page.waitForTimeout(500);
  };
  const kpi = async (key: string) => Number(((await page.locator(`[data-kpi=${key}] dd`).textContent()) ?? '').replace(/[^\d]/g, ''));
  const openAction = async (action: string) => {
    await page.locator(`[data-testid=actions] button[data-action=${action}]`).click();
    await page.getByTestId(`form-${action}`).waitFor();
  };
  const stateIs = async (state: string) => {
    try {
      await page.getByTestId('case-state').filter({ hasText: zh['states']![state]! }).waitFor();
    } catch (err) {
      // what the page said instead (a refusal shown by the form)
      throw new Error(`case not ${state}: ${String(err)}\n${await page.locator('main').innerText()}`);
    }
  };

  beforeAll(async () => {
    stack = await startConsoleStack(ADMIN);
    const adminToken = (
      (await (await fetch(`${stack.gateway.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) })).json()) as { access_token: string }
    ).access_token;
    // 郑州市 → 中原区 → 林山寨街道, then her community and a sibling with all their grids
    const chain: DemoNode[] = [];
    for (let n = byCode.get(SUB); n; n = n.parentCode ? byCode.get(n.parentCode) : undefined) chain.unshift(n);
    const below = data.nodes.filter((n) => n.code.startsWith(COMMUNITY) || n.code.startsWith(SIBLING)).sort((a, b) => a.code.length - b.code.length);
    for (const n of [...chain, ...below]) {
      await api('POST', '/api/v1/nodes', adminToken, {
        code: n.code,
        name: n.name,
        kind: n.kind,
        ...(n.gridLevel ? { gridLevel: n.gridLevel } : {}),
        ...(n.parentCode ? { parentCode: n.parentCode } : {}),
        boundary: n.boundary,
      });
    }
    await api('POST', '/api/v1/departments', adminToken, { code: 'lsz-police', name: '林山寨派出所', kind: 'police', servesNodeCodes: [SUB] });
    for (const p of Object.values(PEOPLE)) await api('POST', '/api/v1/accounts', adminToken, p);
    // ticketing hears of the grids through their events before it takes reports in them
    await eventually(async () => {
      const res = await fetch(`${stack.gateway.url}/api/v1/cases?limit=1`, { headers: { authorization: `Bearer ${adminToken}` } });
      return res.ok;
    }, 30000);

    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'citygrid-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 860 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      // the browser reports each failed request too: a refusal provoked on purpose is no error
      const status = Number(/status of (\d{3})/.exec(m.text())?.[1]);
      if (!expected(m.location().url, status)) browserErrors.push(`${m.text()} (${m.location().url})`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !expected(r.url(), r.status())) browserErrors.push(`${r.request().method()} ${r.url()} → ${r.status()}`);
      if (r.url().endsWith('/oauth/token') && r.status() === 200) refreshes++;
    });
    page.on('pageerror', (e) => browserErrors.push(String(e)));
    page.setDefaultTimeout(20000);
  }, 240000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await stack?.stop();
  }, 60000);

  it('shows a community operator only her community’s grids on the map', async () => {
    await login('operator');
    await mapReady();
    const drawn = await page.evaluate(() => window.__citygridMap!.gridCodes);
    expect([...drawn].sort()).toEqual([...communityGrids].sort());
    expect(await page.locator('[data-testid=grid-list] button').count()).toBe(communityGrids.length);
    // a grid's side panel: its name and figures
    await page.locator(`[data-testid=grid-list] button[data-code="${gridA.code}"]`).click();
    await page.getByTestId('grid-panel').filter({ hasText: gridA.name }).waitFor();

    await go('/reports');
    await page.getByTestId('kpis').waitFor();
    closedBefore = await kpi('closed');
  });

  it('takes a phone report at a point picked on the map, files and dispatches it', async () => {
    await page.locator('nav a[href="/intake"]').click();
    await page.getByTestId('intake-form').waitFor();
    await mapReady();
    const target = interiorPointOf(gridA);
    const at = await page.evaluate((p) => window.__citygridMap!.project(p), target);
    await page.mouse.click(at.x, at.y);
    await page.waitForFunction(() => (document.querySelector('input[name=lng]') as HTMLInputElement | null)?.value !== '');
    const picked = [Number(await page.locator('input[name=lng]').inputValue()), Number(await page.locator('input[name=lat]').inputValue())];
    expect(Math.abs(picked[0]! - target[0])).toBeLessThan(0.0005);
    expect(Math.abs(picked[1]! - target[1])).toBeLessThan(0.0005);
    await page.locator('input[name=categorySearch]').fill('CM05');
    await page.locator('#category-matches button[data-code=CM05]').click();
    await page.getByTestId('chosen-category').filter({ hasText: 'CM05' }).waitFor();
    await page.locator('textarea[name=description]').fill('居民来电：院内东侧私搭乱建');
    await page.locator('input[name=address]').fill('伏牛路88号院');
    await page.locator('input[name=reporterName]').fill('王先生');
    await page.locator('input[name=reporterPhone]').fill('13812345678');
    await page.locator('[data-testid=intake-form] button[type=submit]').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseId = page.url().split('/').pop()!;
    await stateIs('reported');
    caseNumber = ((await page.locator('h1').textContent()) ?? '').match(/CM05-\d{8}-\d{4}/)?.[0] ?? '';
    expect(caseNumber).not.toBe('');

    await openAction('file');
    await page.locator('[data-testid=form-file] button[type=submit]').click();
    await stateIs('filed');
    await openAction('dispatch');
    // the suggested department is chosen for her
    await page.locator('[data-testid=form-dispatch] select[name=departmentCode] option[value=lsz-police]').waitFor({ state: 'attached' });
    expect(await page.locator('[data-testid=form-dispatch] select[name=departmentCode]').inputValue()).toBe('lsz-police');
    await page.locator('[data-testid=form-dispatch] button[type=submit]').click();
    await stateIs('dispatched');

    // a second call about the same spot: the open case there is shown before anything is filed
    await page.locator('nav a[href="/intake"]').click();
    await page.getByTestId('intake-form').waitFor();
    await mapReady();
    const again = await page.evaluate((p) => window.__citygridMap!.project(p), target);
    await page.mouse.click(again.x, again.y);
    await page.getByTestId('duplicates').getByRole('link', { name: caseNumber }).waitFor();

    // the day's stand-up lists the new case; a decision is recorded in place
    await page.locator('nav a[href="/standup"]').click();
    const planInput = page.getByRole('textbox', { name: zh['standup']!['planFor']!.replace('{{number}}', caseNumber) });
    await planInput.fill('城管、派出所联合拆除');
    await page.getByRole('textbox', { name: zh['standup']!['ownerFor']!.replace('{{number}}', caseNumber) }).fill('王主任');
    await page.locator('input[name=attendees]').fill('王主任，林山寨派出所');
    await page.locator('[data-testid=standup-form] button[type=submit]').click();
    await page.getByRole('status').filter({ hasText: zh['standup']!['recorded']! }).waitFor();

    // the map now colours her grid by its open case and shows the case as a point
    await page.locator('nav a[href="/"]').click();
    await mapReady();
    await page.waitForFunction(() => window.__citygridMap?.casePoints === 1);
    await page.locator(`[data-testid=grid-list] button[data-code="${gridA.code}"]`).click();
    await page.getByTestId('grid-panel').locator('a', { hasText: caseNumber }).waitFor();
    await shot('map.zh-CN');
    await setLanguage('en');
    await page.getByTestId('grid-panel').getByText(en['map']!['staff']!).waitFor();
    await shot('map.en');
    await setLanguage('zh-CN');
    await logout();
  });

  it('lets the police officer accept the case from her queue and report the handling with a photo', async () => {
    await login('officer');
    await page.locator('nav a[href="/cases"]').click();
    await page.getByTestId('work-queue').locator('a', { hasText: caseNumber }).click();
    await stateIs('dispatched');
    await openAction('accept');
    await page.locator('[data-testid=form-accept] button[type=submit]').click();
    await stateIs('accepted');
    await openAction('handle');
    await page.locator('[data-testid=form-handle] textarea[name=notes]').fill('已拆除违建部分，现场清理完毕');
    const photo = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#3a7d5c' } })
      .png()
      .toBuffer();
    await page.locator('[data-testid=form-handle] input[name=photos]').setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: photo });
    await page.locator('[data-testid=form-handle] button[type=submit]').click();
    await stateIs('handled');
    await page.locator('[data-testid=photos] img').first().waitFor();
    expect(await page.locator('[data-testid=photos] img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await logout();
  });

  it('lets the grid member verify it, which closes it, and the operator’s dashboard counts it', async () => {
    await login('member');
    // her grid is on today's unpatrolled list until she logs a patrol of it
    await page.locator('nav a[href="/patrols"]').click();
    await page.locator(`[data-testid=unpatrolled] li[data-code="${gridA.code}"]`).waitFor();
    await page.locator('[data-testid=patrol-form] textarea[name=notes]').fill('巡查伏牛路88号院');
    await page.locator('[data-testid=patrol-form] button[type=submit]').click();
    await page.getByRole('status').filter({ hasText: zh['patrol']!['logged']! }).waitFor();
    await page.locator(`[data-testid=unpatrolled] li[data-code="${gridA.code}"]`).waitFor({ state: 'detached' });
    await page.getByTestId('patrols').filter({ hasText: gridA.name }).waitFor();

    await go(`/cases/${caseId}`);
    await stateIs('handled');
    await openAction('verify');
    await page.locator('[data-testid=form-verify] button[type=submit]').click();
    await stateIs('closed');
    await logout();

    await login('operator');
    await go(`/cases/${caseId}`);
    await stateIs('closed');
    await page.getByTestId('timeline').locator('li').nth(4).waitFor();
    await shot('case.zh-CN');
    await setLanguage('en');
    await page.getByTestId('case-state').filter({ hasText: en['states']!['closed']! }).waitFor();
    await shot('case.en');
    await setLanguage('zh-CN');

    await page.locator('nav a[href="/reports"]').click();
    await page.getByTestId('kpis').waitFor();
    await eventually(
      async () => {
        await page.locator('.dashboard .toolbar button', { hasText: zh['reports']!['refresh']! }).click();
        await page.waitForTimeout(300);
        return (await kpi('closed')) === closedBefore + 1;
      },
      30000,
      500,
    );
    expect(await kpi('found')).toBeGreaterThanOrEqual(1);
    await shot('dashboard.zh-CN');
    await setLanguage('en');
    await page.locator('[data-kpi=closed] dt', { hasText: en['kpi']!['closed']! }).waitFor();
    await shot('dashboard.en');
    await setLanguage('zh-CN');
    await logout();
  });

  it('shows an auditor the case and no action to take', async () => {
    await login('auditor');
    await go(`/cases/${caseId}`);
    await stateIs('closed');
    await page.getByTestId('no-actions').waitFor();
    expect(await page.locator('[data-testid=actions] button').count()).toBe(0);
    expect(await page.locator('nav a[href="/intake"]').count()).toBe(0);
    await logout();
  });

  it('keeps a session alive past its access token’s lifetime by refreshing it silently', async () => {
    await login('auditor');
    const before = refreshes;
    await page.waitForTimeout((ACCESS_TOKEN_TTL_S + 3) * 1000);
    expect(refreshes).toBeGreaterThan(before);
    // still logged in, and the API answers (a 401 would be in the errors checked last)
    await page.locator('nav a[href="/cases"]').click();
    await page.getByTestId('work-queue').locator('h2').waitFor();
    await page.locator('[data-testid=case-row]', { hasText: caseNumber }).waitFor();
    await logout();
  });

  it('fits a phone’s screen, 360 px wide', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await login('operator');
    for (const path of ['/', `/cases/${caseId}`, '/cases', '/intake', '/reports', '/patrols', '/standup', '/admin']) {
      await go(path);
      await page.locator('main h1').first().waitFor();
      // what the page loads is laid out too
      await page.waitForTimeout(400);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
    }
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it('shows the operator’s administration for her subtree, and the API’s refusal at the field it names', async () => {
    await go('/admin');
    await page.locator('.tree').getByText(gridA.name).waitFor();
    expect(await page.locator('.tree').textContent()).not.toContain(byCode.get(SIBLING)!.name);

    // a password too short for a new account
    expectedRefusals.push({ url: /\/api\/v1\/accounts$/, status: 400 });
    await page.getByRole('button', { name: zhText('admin.tabs.accounts'), exact: true }).click();
    await page.locator('input[name=login]').fill('new.member');
    await page.locator('input[name=password]').fill('short');
    await page.locator('.admin-page form button[type=submit]').click();
    const passwordLabel = page.locator('label', { has: page.locator('input[name=password]') });
    await passwordLabel.locator('.error').waitFor();
    expect(await passwordLabel.locator('.error').textContent()).toMatch(/password|10/i);
    expect(await page.locator('.admin-page table').textContent()).not.toContain('new.member');
    await logout();
  });

  it('wrote nothing to the browser console as an error', () => {
    expect(browserErrors).toEqual([]);
  });
});
