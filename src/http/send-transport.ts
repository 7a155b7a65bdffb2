import http from "node:http";
import https from "node:https";

/**
 * An axios `transport` (Node's http or https, by protocol) that calls `onSent` when the request
 * emits 'finish': its headers and body have been handed to the operating system. Nothing can reach
 * the server before that, so a send recorded then (or later) is never earlier than the real one.
 * An axios request interceptor would run before the socket is even connected, which is too early.
 *
 * With a transport of its own, axios follows no redirects: a 3xx comes back as it is.
 */
export function transportReportingSend(onSent: () => void): {
  request(
    options: http.RequestOptions,
    callback: (response: http.IncomingMessage) => void,
  ): http.ClientRequest;
} {
  return {
    request(options, callback) {
      const request = (options.protocol === "https:" ? https : http).request(options, callback);
      request.once("finish", onSent);
      return request;
    },
  };
}
