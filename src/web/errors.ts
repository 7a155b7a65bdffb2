import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { NotFoundError, UserError } from "../errors.ts";
import type { Logger } from "../logging.ts";

/** The status an error answers with, and the message shown: never a stack, never an internal detail. */
export function describeError(error: unknown): { status: number; message: string } {
  if (error instanceof NotFoundError) return { status: 404, message: error.message };
  if (error instanceof UserError) return { status: 400, message: error.message };
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return { status, message: fastifyError.message ?? "Bad request" };
  }
  return { status: 500, message: "Something went wrong on our side; it has been logged" };
}

/** Every error answers `{"error": message}`. */
export function errorHandler(logger: Logger) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): void => {
    const { status, message } = describeError(error);
    if (status >= 500) logger.error({ err: error, url: request.routeOptions.url }, "request failed");
    void reply.status(status).send({ error: message });
  };
}
