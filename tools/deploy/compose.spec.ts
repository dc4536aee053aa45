// Keeps the deployment files in step with the apps: every app found as apps/<app>/src/main.ts must
// have its services in docker-compose.yml and its Deployment in deploy/k8s/, and every app with a
// database (apps/<app>/src/migrate.ts) its migration step in both.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

import { discoverApps, SERVICE_ORDER, type AppInfo } from '../dev/apps.js';

const ROOT = path.resolve(__dirname, '..', '..');

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dict(value: unknown, what: string): Dict {
  if (!isDict(value)) throw new Error(`${what} is not a mapping`);
  return value;
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what} is not a list`);
  return value;
}

/** A compose `command` or k8s `command`/`args` as one string. */
function commandLine(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join(' ');
  return '';
}

/** Compose environment in either form (mapping or list of KEY=value). */
function environment(service: Dict): Record<string, string> {
  const env = service['environment'];
  const result: Record<string, string> = {};
  if (Array.isArray(env)) {
    for (const entry of env.map(String)) {
      const i = entry.indexOf('=');
      if (i > 0) result[entry.slice(0, i)] = entry.slice(i + 1);
    }
  } else if (isDict(env)) {
    for (const [k, v] of Object.entries(env)) result[k] = v === null ? '' : String(v);
  }
  return result;
}

const apps: AppInfo[] = discoverApps(ROOT);

describe('discoverApps', () => {
  it('finds the apps and gives them the documented default ports', () => {
    expect(apps.length).toBeGreaterThan(0);
    const gateway = apps.find((a) => a.name === 'gateway');
    if (gateway) expect(gateway.port).toBe(3000);
    const others = apps.filter((a) => a.name !== 'gateway');
    // in the order they were added, so that a new app moves no port
    const listed = others.filter((a) => SERVICE_ORDER.includes(a.name)).map((a) => a.name);
    expect(listed).toEqual(SERVICE_ORDER.filter((n) => listed.includes(n)));
    expect(others.map((a) => a.port)).toEqual(others.map((_, i) => 3101 + i));
    // and each app's config declares the same default
    for (const app of others) expect(fs.readFileSync(path.join(ROOT, 'apps', app.name, 'src', 'config.ts'), 'utf8')).toContain(`override PORT = ${app.port};`);
    for (const app of apps) {
      expect(fs.existsSync(path.join(ROOT, app.main))).toBe(true);
      expect(app.schema).toBe(app.name.replace(/-/g, '_'));
      if (app.migrate) expect(fs.existsSync(path.join(ROOT, app.migrate))).toBe(true);
    }
  });
});

describe('docker-compose.yml', () => {
  const compose = dict(parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }), 'compose file');
  const services = dict(compose['services'], 'services');
  const service = (name: string): Dict => dict(services[name], `service ${name}`);

  function expectBuiltFor(name: string, app: string): void {
    const build = dict(service(name)['build'], `${name}.build`);
    expect(build['dockerfile']).toBe('deploy/Dockerfile');
    expect(build['context'] ?? '.').toBe('.');
    expect(dict(build['args'], `${name}.build.args`)['APP']).toBe(app);
  }

  it('runs Postgres with a health check and a volume', () => {
    const pg = service('postgres');
    expect(String(pg['image'])).toMatch(/^postgres:/);
    expect(commandLine(dict(pg['healthcheck'], 'postgres.healthcheck')['test'])).toContain('pg_isready');
    expect(list(pg['volumes'], 'postgres.volumes').length).toBeGreaterThan(0);
  });

  it('runs NATS with JetStream on a volume and the config from deploy/nats', () => {
    const nats = service('nats');
    expect(String(nats['image'])).toMatch(/^nats:/);
    const args = commandLine(nats['command']).split(/\s+/);
    expect(args).toContain('/etc/nats/nats.conf');
    // JetStream and its store come from the file; repeating them as flags makes nats-server refuse to start.
    expect(args).not.toContain('-sd');
    const conf = fs.readFileSync(path.join(ROOT, 'deploy/nats/nats.conf'), 'utf8');
    expect(conf).toMatch(/^jetstream\s*\{[^}]*store_dir:\s*\/data/m);
    expect(conf).toMatch(/^include auth\.conf/m);
    const volumes = list(nats['volumes'], 'nats.volumes').map(String);
    expect(volumes.some((v) => v.startsWith('./deploy/nats/nats.conf:'))).toBe(true);
    expect(volumes.some((v) => v.startsWith('./deploy/nats/auth.conf:/etc/nats/auth.conf'))).toBe(true);
    expect(volumes.some((v) => v.endsWith(':/data'))).toBe(true);
  });

  it.each(apps.map((a) => [a.name, a] as const))('has a service for %s built from deploy/Dockerfile', (_name, app) => {
    expectBuiltFor(app.name, app.name);
    const svc = service(app.name);
    const env = environment(svc);
    // Each app connects as its own NATS user, whose subject permissions are in deploy/nats/auth.conf.
    expect(env['NATS_URL']).toBe(`nats://${app.name}:\${NATS_${app.name.toUpperCase().replace(/-/g, '_')}_PASSWORD}@nats:4222`);
    expect(fs.readFileSync(path.join(ROOT, 'deploy/nats/auth.conf'), 'utf8')).toContain(`user: ${app.name}\n`);
    // The NATS server gets the same password variable its auth.conf refers to.
    const natsEnv = environment(service('nats'));
    expect(Object.keys(natsEnv)).toContain(`NATS_${app.name.toUpperCase().replace(/-/g, '_')}_PASSWORD`);
    expect(svc['healthcheck']).toBeDefined();
    const dependsOn = dict(svc['depends_on'], `${app.name}.depends_on`);
    expect(dependsOn['nats']).toBeDefined();
    if (app.migrate) {
      expect(env['DATABASE_URL']).toMatch(/@postgres:5432\//);
      expect(env['DATABASE_SCHEMA'] ?? app.schema).toBe(app.schema);
      expect(env['MIGRATE_ON_START']).not.toBe('true'); // the migrate step does it
    }
  });

  it.each(apps.filter((a) => a.migrate).map((a) => [a.name, a] as const))('migrates %s in a one-shot service before the app starts', (_name, app) => {
    const name = `${app.name}-migrate`;
    expectBuiltFor(name, app.name);
    const migrate = service(name);
    expect(commandLine(migrate['command'])).toBe(`node -r @swc-node/register ${app.migrate}`);
    expect(dict(migrate['depends_on'], `${name}.depends_on`)['postgres']).toEqual({ condition: 'service_healthy' });
    const appDependsOn = dict(service(app.name)['depends_on'], `${app.name}.depends_on`);
    expect(appDependsOn[name]).toEqual({ condition: 'service_completed_successfully' });
  });

  it('publishes the gateway on port 3000', () => {
    if (!apps.some((a) => a.name === 'gateway')) return;
    const ports = list(service('gateway')['ports'], 'gateway.ports').map(String);
    expect(ports.some((p) => /(^|:)3000:3000$/.test(p) || /:-?3000\}:3000$/.test(p))).toBe(true);
  });

  it('has no services for apps that do not exist', () => {
    const known = new Set(['postgres', 'nats', ...apps.flatMap((a) => [a.name, `${a.name}-migrate`])]);
    expect(Object.keys(services).filter((s) => !known.has(s))).toEqual([]);
  });
});

describe('deploy/Dockerfile', () => {
  const dockerfile = fs.readFileSync(path.join(ROOT, 'deploy/Dockerfile'), 'utf8');

  it('builds any app from ARG APP on node 20 and runs it as a non-root user', () => {
    expect(dockerfile).toMatch(/^ARG APP$/m);
    expect(dockerfile).toMatch(/node:20-bookworm-slim/);
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).not.toMatch(/--ignore-scripts|--omit=optional|--no-optional/);
    expect(dockerfile).toMatch(/^USER (?!root)\S+$/m);
    expect(dockerfile).toMatch(/NODE_ENV=production/);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/health\/live/m);
    const entrypoint = fs.readFileSync(path.join(ROOT, 'deploy/docker-entrypoint.sh'), 'utf8');
    expect(entrypoint).toContain('node -r @swc-node/register "apps/$APP/src/main.ts"');
  });

  it('is not sent local state in the build context', () => {
    const ignored = fs
      .readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['node_modules', '.data', '.nx', 'dist', '.git']) expect(ignored).toContain(entry);
  });
});

describe('deploy/k8s', () => {
  const dir = path.join(ROOT, 'deploy/k8s');
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  const docs: Dict[] = files.flatMap((file) =>
    parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map((doc, i) => {
      if (doc.errors.length) throw new Error(`${file} document ${i + 1}: ${doc.errors[0]?.message}`);
      return dict(doc.toJS(), `${file} document ${i + 1}`);
    }),
  );
  const ofKind = (kind: string): Dict[] => docs.filter((d) => d['kind'] === kind);
  const named = (kind: string, name: string): Dict | undefined => ofKind(kind).find((d) => dict(d['metadata'], `${kind} metadata`)['name'] === name);

  /** The first container of a Deployment's or Job's pod template. */
  function container(workload: Dict, what: string): Dict {
    const template = dict(dict(workload['spec'], `${what}.spec`)['template'], `${what}.spec.template`);
    const containers = list(dict(template['spec'], `${what} pod spec`)['containers'], `${what} containers`);
    return dict(containers[0], `${what} container`);
  }

  function envNames(c: Dict): { names: string[]; configMaps: string[]; secretRefs: string[] } {
    const env = Array.isArray(c['env']) ? c['env'].filter(isDict) : [];
    const envFrom = Array.isArray(c['envFrom']) ? c['envFrom'].filter(isDict) : [];
    return {
      names: env.map((e) => String(e['name'])),
      configMaps: envFrom.filter((e) => isDict(e['configMapRef'])).map((e) => String(dict(e['configMapRef'], 'ref')['name'])),
      secretRefs: env.filter((e) => isDict(e['valueFrom']) && isDict(dict(e['valueFrom'], 'valueFrom')['secretKeyRef'])).map((e) => String(e['name'])),
    };
  }

  it('parses, every document has apiVersion, kind and a name, and all live in the namespace', () => {
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) {
      expect(typeof d['apiVersion']).toBe('string');
      expect(typeof d['kind']).toBe('string');
      if (d['kind'] === 'Kustomization') continue;
      const meta = dict(d['metadata'], `${String(d['kind'])} metadata`);
      expect(typeof meta['name']).toBe('string');
      if (d['kind'] !== 'Namespace') expect(meta['namespace']).toBe('citygrid');
    }
    expect(named('Namespace', 'citygrid')).toBeDefined();
    expect(named('ConfigMap', 'citygrid-config')).toBeDefined();
    expect(dict(named('Secret', 'citygrid-db'), 'Secret citygrid-db')['stringData']).toHaveProperty('DATABASE_URL');
  });

  it('lists every manifest in kustomization.yaml', () => {
    const kustomization = ofKind('Kustomization')[0];
    if (!kustomization) return;
    const resources = list(kustomization['resources'], 'resources').map(String).sort();
    expect(resources).toEqual(files.filter((f) => f !== 'kustomization.yaml').sort());
  });

  it.each(apps.map((a) => [a.name, a] as const))('has a Deployment and a Service for %s', (_name, app) => {
    const deployment = named('Deployment', app.name);
    if (!deployment) throw new Error(`no Deployment ${app.name} in deploy/k8s`);
    expect(dict(deployment['spec'], 'spec')['replicas']).toBeGreaterThanOrEqual(2);
    const c = container(deployment, app.name);
    expect(String(c['image'])).toMatch(new RegExp(`(^|/)${app.name}:`));
    const readiness = dict(dict(c['readinessProbe'], 'readinessProbe')['httpGet'], 'readinessProbe.httpGet');
    const liveness = dict(dict(c['livenessProbe'], 'livenessProbe')['httpGet'], 'livenessProbe.httpGet');
    expect(readiness['path']).toBe('/health/ready');
    expect(liveness['path']).toBe('/health/live');
    const env = envNames(c);
    expect(env.configMaps).toContain('citygrid-config');
    if (app.migrate) expect(env.secretRefs).toContain('DATABASE_URL');
    expect(named('Service', app.name)).toBeDefined();
  });

  it.each(apps.filter((a) => a.migrate).map((a) => [a.name, a] as const))('has a migration Job for %s', (_name, app) => {
    const job = named('Job', `${app.name}-migrate`);
    if (!job) throw new Error(`no Job ${app.name}-migrate in deploy/k8s`);
    const c = container(job, `${app.name}-migrate`);
    expect(commandLine([...(Array.isArray(c['command']) ? c['command'] : []), ...(Array.isArray(c['args']) ? c['args'] : [])])).toBe(`node -r @swc-node/register ${app.migrate}`);
    expect(envNames(c).secretRefs).toContain('DATABASE_URL');
  });
});
