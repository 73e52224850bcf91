import { and, asc, desc, eq, isNull, lt } from "drizzle-orm";
import type { Transporter } from "nodemailer";
import { mailOutbox } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { newId } from "~/utils/ids";
import type { Actor } from "../identity/actor";
import { assertCan } from "~/modules/access";

export type OutgoingMail = { to: string; subject: string; body: string; kind: string };

/** Queues a message; call inside the transaction of the change that causes it so neither is lost alone. */
export function enqueueMail(ctx: Pick<AppContext, "db">, mail: OutgoingMail): string {
  const id = newId();
  ctx.db.insert(mailOutbox).values({ id, ...mail }).run();
  return id;
}

const MAX_ATTEMPTS = 8;
let transport: Transporter | undefined;

/**
 * Sends what is pending. With SMTP_URL the message goes to that server; without it the message is
 * written to the log and stays readable by exchange admins on the mail outbox page.
 */
export async function deliverPendingMail(ctx: AppContext, batch = 50): Promise<number> {
  const pending = ctx.db
    .select()
    .from(mailOutbox)
    .where(and(isNull(mailOutbox.sentAt), lt(mailOutbox.attempts, MAX_ATTEMPTS)))
    .orderBy(asc(mailOutbox.createdAt))
    .limit(batch)
    .all();
  let sent = 0;
  for (const mail of pending) {
    try {
      if (ctx.config.smtpUrl) {
        transport ??= (await import("nodemailer")).default.createTransport(ctx.config.smtpUrl);
        await transport.sendMail({ from: ctx.config.mailFrom, to: mail.to, subject: mail.subject, text: mail.body });
      } else {
        ctx.logger.info({ mailId: mail.id, to: mail.to, subject: mail.subject, body: mail.body }, "mail (no SMTP_URL: logged, not sent)");
      }
      ctx.db
        .update(mailOutbox)
        .set({ sentAt: ctx.clock.now(), attempts: mail.attempts + 1, lastError: null })
        .where(eq(mailOutbox.id, mail.id))
        .run();
      sent++;
    } catch (error) {
      ctx.db
        .update(mailOutbox)
        .set({ attempts: mail.attempts + 1, lastError: String(error).slice(0, 500) })
        .where(eq(mailOutbox.id, mail.id))
        .run();
    }
  }
  return sent;
}

export function listOutbox(ctx: Pick<AppContext, "db">, actor: Actor, page = 1, pageSize = 50) {
  assertCan(actor, "manage:mail:any", undefined);
  const rows = ctx.db
    .select()
    .from(mailOutbox)
    .orderBy(desc(mailOutbox.createdAt))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
    .all();
  return { rows: rows.slice(0, pageSize), hasMore: rows.length > pageSize };
}
