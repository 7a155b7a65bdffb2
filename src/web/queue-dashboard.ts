import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import type { FastifyInstance } from "fastify";
import { actorForUser } from "../services/accounts.ts";
import type { Services } from "../services/context.ts";

export const QUEUE_DASHBOARD_PATH = "/admin/queues";

/**
 * The queue dashboard (bull-board) for admins signed in with a session; anyone else gets 404, as
 * if it did not exist. It can retry and remove jobs, so a token is not enough: it is a page.
 */
export async function registerQueueDashboard(app: FastifyInstance, services: Services): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  const { queues } = services;
  createBullBoard({
    queues: [...Object.values(queues.bySource), queues.schedule, queues.reconcile, queues.completePass].map(
      (queue) => new BullMQAdapter(queue),
    ),
    serverAdapter,
  });
  await app.register(
    async (scope) => {
      scope.addHook("onRequest", async (request, reply) => {
        const userId = request.session.get("userId");
        const actor = userId === undefined ? null : await actorForUser(services.db, userId);
        if (actor?.role !== "admin") return reply.status(404).send({ error: "Not found" });
      });
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_DASHBOARD_PATH },
  );
}
