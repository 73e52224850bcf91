import { dispatchIntent, handleForm } from "~/utils/actions.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { can } from "~/modules/access";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { reassignServicePerson, servicePersonChoices } from "~/modules/staff/assignments.server";
import { recordCultivationStage } from "~/modules/staff/cultivation.server";
import { enterpriseServicePage } from "~/modules/staff/my-enterprises.server";
import { enterprisePageActionForm } from "~/modules/staff/schemas";
import { followUpToRequest, recordVisit } from "~/modules/staff/visits.server";
import { shanghaiDate } from "~/utils/dates";
import { newId } from "~/utils/ids";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";
import { EnterpriseServicePage } from "~/components/staff/enterprise-service-page";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "servedEnterprise");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const page = orHttpError(() => enterpriseServicePage(context.app, actor, params.id ?? ""));
  const canReassign = can(actor, "assign:service-person:any");
  return {
    ...page,
    canReassign,
    canRecordVisit: can(actor, "record:visit:any"),
    choices: canReassign ? servicePersonChoices(context.app, actor, page.enterprise.servicePersonUserId) : [],
    visitId: newId(),
    today: shanghaiDate(context.app.clock.now()),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const enterpriseOrgId = params.id ?? "";
  const done = (intent: string) => redirectWithToast(context.app, request, `/staff/enterprises/${enterpriseOrgId}`, { kind: "success", message: `staff:enterprise.done.${intent}` });
  return handleForm(request, enterprisePageActionForm, (v) =>
    dispatchIntent<typeof v, Promise<Response>>(v, {
      reassign: ({ userId, reason }) => {
        reassignServicePerson(context.app, actor, { enterpriseOrgId, userId, reason });
        return done("reassign");
      },
      visit: (visit) => {
        recordVisit(context.app, actor, {
          id: visit.id,
          enterpriseOrgId,
          kind: visit.kind,
          visitedOn: visit.visitedOn,
          participants: visit.participants,
          findings: visit.findings,
          followUps: visit.followUpText && visit.followUpKind ? [{ text: visit.followUpText, kind: visit.followUpKind, asRequest: visit.followUpAsRequest }] : [],
        });
        return done("visit");
      },
      stage: ({ stage, reachedOn, note }) => {
        recordCultivationStage(context.app, actor, { enterpriseOrgId, stage, reachedOn, note });
        return done("stage");
      },
      followUp: ({ followUpId }) => {
        followUpToRequest(context.app, actor, followUpId);
        return done("followUp");
      },
    }),
  );
}

export default function EnterpriseServicePageRoute() {
  return <EnterpriseServicePage />;
}
