import type { FastifyInstance } from 'fastify';
import {
  deleteLayoutHints,
  getLayoutHints,
  getLayoutSample,
  listLayoutSamples,
  putLayoutHints,
  sendLayoutSample,
} from '../contract/page-layout';
import { registerRoute } from '../http/register-route';
import type { ServerContext } from '../services';

/** Layout samples from Ads Manager and the layout hints document (contract/page-layout.ts). */
export function pageLayoutRoutes(app: FastifyInstance, context: ServerContext): void {
  const { pageLayout } = context;

  registerRoute(app, sendLayoutSample, ({ body, staff }) => pageLayout.storeSample(staff, body));
  registerRoute(app, listLayoutSamples, async () => ({ samples: await pageLayout.listSamples() }));
  registerRoute(app, getLayoutSample, ({ params, staff }) =>
    pageLayout.downloadSample(staff, params.sampleId),
  );
  registerRoute(app, getLayoutHints, () => pageLayout.hintsState());
  registerRoute(app, putLayoutHints, ({ body, staff }) => pageLayout.putHints(staff, body));
  registerRoute(app, deleteLayoutHints, ({ staff }) => pageLayout.deleteHints(staff));
}
