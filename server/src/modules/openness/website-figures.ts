/**
 * The 互动交流 and 政务公开 figures a portal site's yearly 政府网站工作年度报表 needs (issue 18), for
 * the bureaus under a division path and one calendar year: letters (留言办理), surveys (征集调查)
 * and directory entries published (信息公开目录信息更新量). Handed to the portal module through
 * index.ts (an optional dependency wired in app.ts).
 */
import { sql } from 'kysely';
import type { Tx } from '../../platform/db/context.ts';
import { letterFigures } from './letters.ts';

export interface WebsiteInteractionFigures {
  letters: { received: number; answered: number; onTime: number; published: number; rated: number; satisfied: number; averageReplyDays: number | null };
  surveys: { held: number; votes: number; closed: number };
  directoryPublished: number;
}

export async function websiteInteractionFigures(trx: Tx, underPath: string, year: number): Promise<WebsiteInteractionFigures> {
  const letters = await letterFigures(trx, underPath, year);
  const { rows: [avg] } = await sql<{ days: number | null }>`
    select round(avg(replied_on - received_on)::numeric, 1)::float8 as days from openness.letters
    where org_path <@ ${underPath}::ltree and extract(year from received_on) = ${year} and replied_on is not null`.execute(trx);
  const { rows: [sv] } = await sql<{ held: number; closed: number; votes: number }>`
    select count(*)::int as held, count(*) filter (where s.status = 'closed')::int as closed,
      coalesce(sum((select count(*) from openness.survey_votes v where v.survey_id = s.id)), 0)::int as votes
    from openness.surveys s where s.org_path <@ ${underPath}::ltree and s.status <> 'draft' and extract(year from coalesce(s.opened_at, s.created_at) at time zone 'Asia/Shanghai') = ${year}`.execute(trx);
  const { rows: [d] } = await sql<{ n: number }>`
    select count(*)::int as n from openness.entries where org_path <@ ${underPath}::ltree and published_at is not null
      and extract(year from published_at at time zone 'Asia/Shanghai') = ${year}`.execute(trx);
  return { letters: { ...letters, averageReplyDays: avg?.days ?? null }, surveys: sv!, directoryPublished: d!.n };
}
