import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { NeedFinancingActions } from "~/modules/financing/viewer-actions.server";
import { FollowButton } from "./follow-button";
import { MessageButton } from "./message-button";

/** The financing part of a need's page: compare for the owner; follow, offer and message for members. */
export function NeedActions({ actions }: { actions: NeedFinancingActions }) {
  const { t } = useTranslation("financing");
  const here = `/needs/${actions.needId}`;
  return (
    <section className="card flex flex-wrap items-center gap-3" aria-label={t("needActions.title")} data-testid="need-actions">
      {actions.kind === "owner" ? (
        <Link to={`/market/needs/${actions.needId}/offers`} className="btn-primary">
          {t("needActions.compare", { count: actions.offerCount })}
        </Link>
      ) : (
        <>
          {actions.offer ? (
            <Link
              to={actions.offer.openOfferId ? `/market/needs/${actions.needId}/offer?revise=${actions.offer.openOfferId}` : `/market/needs/${actions.needId}/offer`}
              className="btn-primary"
            >
              {actions.offer.openOfferId ? t("needActions.revise") : t("needActions.offer")}
            </Link>
          ) : null}
          <MessageButton subjectType="need" subjectId={actions.needId} withOrgId={actions.enterpriseOrgId} label={t("needActions.message")} />
          <FollowButton targetType="need" targetId={actions.needId} following={actions.following} redirectTo={here} />
        </>
      )}
    </section>
  );
}
