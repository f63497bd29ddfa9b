/**
 * This instance as a witness (见证方), C2SP tlog-witness: `POST /witness/add-checkpoint` and its
 * key at `GET /witness/vkey`. Registered only when TRANSPARENCY_WITNESS_NAME is set. Answers are
 * plain text as the protocol says (409 carries the witness's size as `text/x.tlog.size`).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { RouteOptions } from '../../platform/platform.ts';
import { WitnessError } from './witness.ts';
import { parseAddCheckpoint, TLOG_SIZE_TYPE, WitnessRequestError, witnessStatus, type WitnessService } from './witness-http.ts';

export interface WitnessRouteOptions extends RouteOptions {
  witness: WitnessService;
}

const tags = ['transparency'];

export const witnessRoutes: FastifyPluginAsync<WitnessRouteOptions> = async (app, { witness }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/witness/vkey', {
    schema: { tags, summary: 'The verifier key of this instance as a witness (cosignature/v1 vkey)', produces: ['text/plain'] },
  }, async (_req, reply) => reply.header('cache-control', 'public, max-age=3600').type('text/plain; charset=utf-8').send(`${await witness.vkey()}\n`));

  r.post('/witness/add-checkpoint', {
    config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
    schema: {
      tags, consumes: ['text/plain'], produces: ['text/plain'],
      summary: 'C2SP tlog-witness add-checkpoint: old size, consistency proof and a signed checkpoint of a followed log → this witness\'s cosignature line',
    },
  }, async (req, reply) => {
    try {
      if (typeof req.body !== 'string') throw new WitnessRequestError('body: send the request as text/plain');
      const line = await witness.addCheckpoint(parseAddCheckpoint(req.body));
      return reply.type('text/plain; charset=utf-8').send(`${line}\n`);
    } catch (e) {
      if (e instanceof WitnessError && e.code === 'witness.conflict') return reply.code(409).type(TLOG_SIZE_TYPE).send(`${e.size}\n`);
      if (e instanceof WitnessError || e instanceof WitnessRequestError) return reply.code(witnessStatus(e)).type('text/plain; charset=utf-8').send(`${e.message}\n`);
      throw e;
    }
  });
};
