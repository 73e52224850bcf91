import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "~/modules/identity/auth.server";

export async function action({ request, context }: ActionFunctionArgs) {
  return endSession(context.app, request, "/");
}

export function loader() {
  return redirect("/");
}
