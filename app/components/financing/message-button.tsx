import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { ConversationSubjectType } from "@db/schema/constants";

/**
 * "Message": opens (or reopens) the conversation about a subject with the other organisation and goes to it.
 * A plain form to /messages/start without JavaScript; a fetcher with a pending label with it. The services
 * behind /messages/start decide whether this pair may talk about this subject.
 */
export function MessageButton({
  subjectType,
  subjectId,
  withOrgId,
  label,
  className = "btn-secondary",
}: {
  subjectType: ConversationSubjectType;
  subjectId: string;
  withOrgId: string;
  label?: string;
  className?: string;
}) {
  const { t } = useTranslation("financing");
  const fetcher = useFetcher();
  const pending = fetcher.state !== "idle";
  return (
    <fetcher.Form method="post" action="/messages/start">
      <input type="hidden" name="subjectType" value={subjectType} />
      <input type="hidden" name="subjectId" value={subjectId} />
      <input type="hidden" name="withOrgId" value={withOrgId} />
      <button className={className} disabled={pending} aria-busy={pending || undefined}>
        {label ?? t("common.chat")}
        {pending ? "…" : ""}
      </button>
    </fetcher.Form>
  );
}
