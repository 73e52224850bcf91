import { useTranslation } from "react-i18next";
import type { EnterpriseFinancingActions } from "~/modules/financing/viewer-actions.server";
import { FollowButton } from "./follow-button";
import { MessageButton } from "./message-button";

/** Follow and message an enterprise from its profile (alliance members and the exchange's staff). */
export function EnterpriseActions({ actions }: { actions: EnterpriseFinancingActions }) {
  const { t } = useTranslation("financing");
  const id = actions.enterpriseOrgId;
  return (
    <div className="flex flex-wrap gap-2" data-testid="enterprise-actions">
      <MessageButton subjectType="profile" subjectId={id} withOrgId={id} label={t("enterpriseActions.message")} />
      <FollowButton targetType="enterprise" targetId={id} following={actions.following} redirectTo={`/enterprises/${id}`} />
    </div>
  );
}
