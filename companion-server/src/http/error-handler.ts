import type { FastifyError, FastifyInstance } from 'fastify';
import type { ApiErrorBody } from '../contract/common';
import { AppError } from '../errors';

/**
 * One error handler: 4xx answers say specifically what was wrong; 5xx answers never show
 * internals (they are logged with the request id instead).
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      return reply.code(error.statusCode).send(body(error.code, error.message));
    }
    const status =
      'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status === 429) {
      return reply
        .code(429)
        .send(
          body('rate_limited', 'Too many requests with this key; wait a minute and try again.'),
        );
    }
    if (status === 413) {
      return reply.code(413).send(body('too_large', 'The request body is too large.'));
    }
    if (status === 415) {
      const sent = request.headers['content-type'] ?? 'no Content-Type';
      return reply
        .code(415)
        .send(
          body(
            'unsupported_media_type',
            `Send the body as JSON (Content-Type: application/json); this request sent ${sent}.`,
          ),
        );
    }
    if (status >= 400 && status < 500) {
      const code = 'code' in error && typeof error.code === 'string' ? error.code : 'bad_request';
      return reply
        .code(status)
        .send(
          body(
            code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'bad_request',
            error.message,
          ),
        );
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .code(500)
      .send(
        body(
          'internal',
          `Something went wrong on the server; it has been logged (request ${request.id}).`,
        ),
      );
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .send(body('not_found', `There is no ${request.method} ${request.url.split('?')[0]}.`));
  });
}

function body(code: string, message: string): ApiErrorBody {
  return { error: { code, message } };
}
