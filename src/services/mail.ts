/** Sending mail through the institution's SMTP server (nodemailer). */
import type { Transporter } from "nodemailer";
import type { AppConfig } from "../config/env.ts";
import { UserError } from "../errors.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** A mailer over SMTP_URL from MAIL_FROM; a clear error when either is missing. */
export function smtpMailer(config: Pick<AppConfig, "SMTP_URL" | "MAIL_FROM">): Mailer {
  if (config.SMTP_URL === undefined || config.MAIL_FROM === undefined) {
    throw new UserError(
      "Sending mail needs SMTP_URL (e.g. smtp://user:password@mail.example.edu:587) and MAIL_FROM set",
      2,
    );
  }
  const { SMTP_URL: url, MAIL_FROM: from } = config;
  // nodemailer is loaded at the first message: the web app, which holds a mailer, seldom sends one.
  let transport: Transporter | undefined;
  return {
    async send(message) {
      transport ??= (await import("nodemailer")).default.createTransport(url);
      try {
        await transport.sendMail({ from, ...message });
      } catch (error) {
        throw new UserError(
          `the mail server refused the message: ${withoutAddresses((error as Error).message)}`,
        );
      }
    },
    close: () => transport?.close(),
  };
}

/** A server's reply may quote the recipient: addresses never reach output or logs. */
export function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, "<address>");
}
