import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOnline } from '../../src/defender/check-online.js';
import { fanOut } from '../../src/defender/fanout.js';
import { createDefender } from '../../src/defender/register.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { captureOutput, errorSurface, findLeaks } from './support/canary.js';
import {
  appOf,
  type EmulatorFiles,
  envName,
  tenantEntry,
  tenantsSection,
  writeEmulatorFiles,
} from './support/emulator.js';

let emulator: RunningEmulator;
let files: EmulatorFiles;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 23, tenants: ['contoso', 'fabrikam', 'tailspin'] });
  files = writeEmulatorFiles(emulator);
});
afterAll(async () => {
  await emulator?.stop();
});

const tenant = (key: string) =>
  emulator.tenants.find((t) => t.key === key) as NonNullable<RunningEmulator['tenants'][number]>;

describe('fan-out over real tenants', () => {
  it('one tenant with a token outage is reported in place; the others return data labelled with OUR keys', async () => {
    const layer = createDefender(tenantsSection(emulator, files, 'secret'), {
      env: files.env,
      onWarning: () => undefined,
    });
    const id = emulator.control.faults.add({ kind: 'tokenOutage', tenant: 'fabrikam' });
    try {
      const progress: string[] = [];
      const results = await fanOut(
        layer.tenants.resolve('*', { id: 'local', kind: 'local' }),
        (t, signal) => layer.graph.listIncidents(t, { top: 3, maxItems: 3 }, { signal }),
        { concurrency: 2, onProgress: (_d, _n, key) => void progress.push(key) },
      );
      expect(results.map((r) => r.tenant)).toEqual(['contoso', 'fabrikam', 'tailspin']);
      expect(results[0]).toMatchObject({ ok: true });
      expect(results[2]).toMatchObject({ ok: true });
      expect(results[1]).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(progress.sort()).toEqual(['contoso', 'fabrikam', 'tailspin']);
      // Each tenant's data is its own: the upstream tenantId matches the tenant we labelled it with.
      for (const r of results) {
        if (r.ok) for (const i of r.value.items) expect(i.tenantId).toBe(tenant(r.tenant).tenantId);
      }
    } finally {
      emulator.control.faults.remove(id);
      await layer.close();
    }
  });
});

describe('canary secrets never leak', () => {
  it('passphrases, client secrets, private keys and tokens stay out of errors, warnings, results and output', async () => {
    const contoso = tenant('contoso');
    const fabrikam = tenant('fabrikam');
    const tailspin = tenant('tailspin');
    const wrongPassphrase = 'canary-WRONG-pass+/=?&"\\phrase';
    const wrongSecret = 'canary~SECRET+/=?&"\\value0123456789';
    const inlinePassphrase = appOf(tailspin, 'full').certificate.passphrase;
    const secrets: Record<string, string> = {
      wrongPassphrase,
      wrongSecret,
      inlinePassphrase,
      contosoPassphrase: appOf(contoso, 'full').certificate.passphrase,
      contosoSecret: appOf(contoso, 'full').secret,
      fabrikamSecret: appOf(fabrikam, 'full').secret,
      contosoKey: appOf(contoso, 'full').certificate.keyPem.replace(/-----[A-Z ]+-----|\s/g, ''),
      tailspinKey: appOf(tailspin, 'full').certificate.keyPem.replace(/-----[A-Z ]+-----|\s/g, ''),
    };
    const warnings: string[] = [];
    const surfaces: string[] = [];
    const { output } = await captureOutput(async () => {
      const tailspinEntry = tenantEntry(emulator, files, tailspin, 'pfx');
      const good = createDefender(
        {
          default: 'contoso',
          list: {
            contoso: tenantEntry(emulator, files, contoso, 'pfx'),
            fabrikam: tenantEntry(emulator, files, fabrikam, 'secret'),
            tailspin: {
              ...tailspinEntry,
              credential: {
                kind: 'certificate',
                pfxPath: (tailspinEntry.credential as { pfxPath: string }).pfxPath,
                passphrase: inlinePassphrase,
              },
            },
          },
        },
        { env: files.env, onWarning: (w) => warnings.push(w) },
      );
      const bad = createDefender(
        {
          default: 'contoso',
          list: {
            contoso: tenantEntry(emulator, files, contoso, 'pfx'),
            fabrikam: tenantEntry(emulator, files, fabrikam, 'secret'),
          },
        },
        {
          env: {
            ...files.env,
            [envName('contoso', 'full', 'PASS')]: wrongPassphrase,
            [envName('fabrikam', 'full', 'SECRET')]: wrongSecret,
          },
          onWarning: (w) => warnings.push(w),
        },
      );
      try {
        for (const key of ['contoso', 'fabrikam', 'tailspin']) {
          const token = await good.tokens.getToken(key, 'graph');
          secrets[`${key}Token`] = token;
          const incidents = await good.graph.listIncidents(good.tenants.get(key), { top: 2, maxItems: 2 });
          surfaces.push(JSON.stringify(incidents));
        }
        for (const key of ['contoso', 'fabrikam']) {
          surfaces.push(
            errorSurface(await bad.graph.listIncidents(bad.tenants.get(key)).catch((e: unknown) => e)),
          );
          surfaces.push(errorSurface(await bad.tokens.getToken(key, 'mde').catch((e: unknown) => e)));
        }
        // An upstream 500 after a good token: the error must not carry the token or the body.
        const id = emulator.control.faults.add({ kind: 'status', status: 500, api: 'graph', times: 1 });
        surfaces.push(
          errorSurface(
            await good.graph
              .addIncidentComment(good.tenants.get('contoso'), '1', 'x')
              .catch((e: unknown) => e),
          ),
        );
        emulator.control.faults.remove(id);
        const report = await checkOnline(
          {
            tenants: { default: 'contoso', list: { contoso: tenantEntry(emulator, files, contoso, 'pfx') } },
          },
          [{ tool: 't', resource: 'graph', permissions: ['SecurityIncident.Read.All'] }],
          { env: { ...files.env, [envName('contoso', 'full', 'PASS')]: wrongPassphrase } },
        );
        surfaces.push(JSON.stringify(report), report.table);
      } finally {
        await good.close();
        await bad.close();
      }
    });
    expect(warnings.some((w) => /inline passphrase/.test(w))).toBe(true);
    const haystack = [...surfaces, ...warnings, output].join('\n');
    expect(surfaces.length).toBeGreaterThan(6);
    expect(findLeaks(haystack, secrets)).toEqual([]);
  });

  it('the detector itself finds every encoded form (the test can fail)', () => {
    const secret = 'canary~SECRET+/=?&"\\value0123456789';
    for (const sample of [
      secret,
      Buffer.from(secret).toString('base64'),
      encodeURIComponent(secret),
      JSON.stringify({ s: secret }),
    ]) {
      expect(findLeaks(`prefix ${sample} suffix`, { secret })).not.toEqual([]);
    }
  });
});
