import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormErrors, InputField, SelectField } from "~/components/ui/field";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { inviteMember, listMembers, removeMember, revokeInvitation } from "~/modules/identity/invitations.server";
import { resetMemberMfa } from "~/modules/identity/mfa.server";
import { inviteInput } from "~/modules/identity/schemas";
import { formatDate } from "~/utils/dates";
import { handleIntents } from "~/utils/actions.server";
import { baseUrl, orHttpError } from "~/utils/route.server";
import { assignableRoles, can } from "~/modules/access";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const data = orHttpError(() => listMembers(context.app, actor, actor.orgId));
  return {
    ...data,
    canManage: can(actor, "manage:member:own-org", { orgId: actor.orgId }),
    canResetMfa: can(actor, "reset:member-mfa:own-org", { orgId: actor.orgId }),
    me: actor.userId,
    roles: assignableRoles(data.org.kind),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const row = z.object({ id: z.string().min(1).max(40) });
  const done = (message: string, values?: Record<string, string>) => redirectWithToast(context.app, request, "/org/members", { kind: "success", message, values });
  return handleIntents(
    request,
    { remove: row, revoke: row, invite: inviteInput, resetMfa: z.object({ userId: z.string().min(1).max(40), name: z.string().max(200) }) },
    {
      resetMfa: ({ userId, name }) => {
        resetMemberMfa(context.app, actor, actor.orgId, userId);
        return done("identity:mfa.resetDone", { name });
      },
      remove: ({ id }) => {
        removeMember(context.app, actor, id);
        return done("identity:members.removed");
      },
      revoke: ({ id }) => {
        revokeInvitation(context.app, actor, id);
        return done("identity:members.revoked");
      },
      invite: async (value) => {
        await inviteMember(context.app, actor, actor.orgId, value, baseUrl(request, context));
        return done("identity:members.invited", { email: value.email });
      },
    },
  );
}

export default function MembersPage() {
  const { t, i18n } = useTranslation("identity");
  const { org, members, pending, canManage, canResetMfa, me, roles } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof inviteInput>>({
    id: "invite",
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: inviteInput }),
  });
  return (
    <div className="max-w-4xl space-y-6">
      <h1 className="page-title">{t("members.title", { org: org.name })}</h1>
      <section className="card">
        <table className="table table-cards">
          <caption className="sr-only">{t("members.title", { org: org.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("fields.name")}</th>
              <th scope="col">{t("fields.email")}</th>
              <th scope="col">{t("members.role")}</th>
              <th scope="col">{t("members.since")}</th>
              {canManage ? <th scope="col">{t("members.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.membershipId}>
                <td data-label={t("fields.name")}>{m.name}</td>
                <td data-label={t("fields.email")}>{m.email}</td>
                <td data-label={t("members.role")}>{t(`roles.${m.role}`, { ns: "common" })}</td>
                <td data-label={t("members.since")}>{formatDate(m.since, i18n.language)}</td>
                {canManage ? (
                  <td>
                    {m.userId !== me || m.role !== "org_admin" ? (
                      <Form method="post">
                        <input type="hidden" name="id" value={m.membershipId} />
                        <button name="intent" value="remove" className="text-sm text-red-700 hover:underline">
                          {t("members.remove")}
                        </button>
                      </Form>
                    ) : null}
                    {canResetMfa && m.mfaOn && m.userId !== me ? (
                      <Form method="post" className="mt-1" onSubmit={(e) => (window.confirm(t("mfa.resetConfirm", { name: m.name })) ? undefined : e.preventDefault())}>
                        <input type="hidden" name="userId" value={m.userId} />
                        <input type="hidden" name="name" value={m.name} />
                        <button name="intent" value="resetMfa" className="text-sm text-red-700 hover:underline" data-testid="reset-mfa">
                          {t("mfa.reset")}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {canManage ? (
        <>
          {pending.length ? (
            <section className="card">
              <h2 className="text-lg font-semibold">{t("members.pending")}</h2>
              <ul className="mt-2 divide-y text-sm">
                {pending.map((p) => (
                  <li key={p.id} className="flex items-center justify-between py-2">
                    <span>
                      {p.email} · {t(`roles.${p.role}`, { ns: "common" })} · {t("members.expires", { date: formatDate(p.expiresAt, i18n.language) })}
                    </span>
                    <Form method="post">
                      <input type="hidden" name="id" value={p.id} />
                      <button name="intent" value="revoke" className="text-red-700 hover:underline">
                        {t("members.revoke")}
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section className="card">
            <h2 className="text-lg font-semibold">{t("members.invite")}</h2>
            <Form method="post" {...getFormProps(form)} className="mt-3 grid gap-4 sm:grid-cols-3 sm:items-end">
              <FormErrors id={form.errorId} errors={form.errors} />
              <InputField meta={fields.email} type="email" label={t("fields.email")} />
              <SelectField meta={fields.role} label={t("members.role")} options={roles.map((r) => ({ value: r, label: t(`roles.${r}`, { ns: "common" }) }))} />
              <button name="intent" value="invite" className="btn-primary">
                {t("members.sendInvite")}
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </div>
  );
}
