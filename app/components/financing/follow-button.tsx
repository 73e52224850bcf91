import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { FollowTarget } from "@db/schema/constants";

/**
 * Follow / Unfollow as a plain form posting to the follows page's action (works without JavaScript: the
 * action redirects back here). With JavaScript it posts through a fetcher and shows the new state at once.
 */
export function FollowButton({ targetType, targetId, following, redirectTo }: { targetType: FollowTarget; targetId: string; following: boolean; redirectTo: string }) {
  const { t } = useTranslation("financing");
  const fetcher = useFetcher();
  const pending = fetcher.state !== "idle";
  const intent = fetcher.formData?.get("intent");
  const shown = intent ? intent === "follow" : following;
  return (
    <fetcher.Form method="post" action="/market/follows">
      <input type="hidden" name="targetType" value={targetType} />
      <input type="hidden" name="targetId" value={targetId} />
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <button
        name="intent"
        value={shown ? "unfollow" : "follow"}
        className={shown ? "btn-secondary" : "btn-primary"}
        aria-pressed={shown}
        aria-busy={pending || undefined}
        disabled={pending}
        data-testid="follow-button"
      >
        {shown ? t("follows.unfollow") : t("follows.follow")}
        {pending ? "…" : ""}
      </button>
    </fetcher.Form>
  );
}
