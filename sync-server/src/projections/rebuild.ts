import type { Database } from '../db/database';
import { asSignIn, withTenant } from '../db/tenant';
import { pullEvents } from '../event-store/pull';
import { serverProjections } from './index';

/**
 * Rebuilds every server read model from zero, hospital by hospital, from the log alone
 * (or only the hospitals given). Lists hospitals as the sign-in role, then replays each
 * as its own tenant, holding its head row so that pushes to it wait for the rebuild.
 */
export async function rebuildProjections(
  database: Database,
  options: { pageSize?: number; hospitalIds?: string[] } = {},
): Promise<Record<string, number>> {
  const pageSize = options.pageSize ?? 5000;
  const counts: Record<string, number> = Object.fromEntries(
    serverProjections.map((projection) => [projection.name, 0]),
  );
  const { rows: hospitals } = await asSignIn(database, (sql) =>
    sql.query<{ hospital_id: string }>(
      'SELECT hospital_id FROM hospital_heads ORDER BY hospital_id',
    ),
  );
  const wanted = options.hospitalIds && new Set(options.hospitalIds);
  for (const { hospital_id: hospitalId } of hospitals) {
    if (wanted && !wanted.has(hospitalId)) continue;
    await withTenant(database, hospitalId, async (sql) => {
      await sql.query('SELECT head FROM hospital_heads WHERE hospital_id = $1 FOR UPDATE', [
        hospitalId,
      ]);
      for (const projection of serverProjections) {
        for (const table of projection.tables)
          await sql.query(`DELETE FROM ${table} WHERE hospital_id = $1`, [hospitalId]);
      }
      let after = 0;
      for (;;) {
        const page = await pullEvents(sql, hospitalId, after, pageSize);
        for (const projection of serverProjections) {
          const relevant = page.events.filter((event) => projection.handles.has(event.type));
          if (relevant.length > 0) await projection.apply(sql, hospitalId, relevant);
          counts[projection.name]! += relevant.length;
        }
        if (!page.has_more) break;
        after = page.events.at(-1)!.position;
      }
      for (const projection of serverProjections) await projection.afterRebuild?.(sql, hospitalId);
    });
  }
  return counts;
}
