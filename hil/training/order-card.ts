// The exercise's order card (GET /exercise on the panel): the order, the bag and the patient as
// the clinician receives them, and the button that ends the exercise. The hazards and the expected
// programming are not shown: they are the answer.
import { escapeHtml, pageLayout } from "../../simulator/panel/render.ts";
import type { Exercise } from "./exercise.ts";

export function renderOrderCard(exercise: Exercise): string {
  const weight = exercise.patient.weight;
  const notes = (exercise.order.notes ?? []).map((note) => `<li>${escapeHtml(note)}</li>`).join("");
  return pageLayout(
    `Exercise ${exercise.id}`,
    `<main><h1>Exercise: ${escapeHtml(exercise.title)}</h1>
<p><a href="/">Back to the pump</a></p>
<table><tbody>
<tr><th scope="row">Care area</th><td>${escapeHtml(exercise.careArea)}</td></tr>
<tr><th scope="row">Order</th><td><strong>${escapeHtml(exercise.order.text)}</strong></td></tr>
<tr><th scope="row">Container at the bedside</th><td>${escapeHtml(exercise.order.bag)}</td></tr>
<tr><th scope="row">Patient</th><td>${escapeHtml(exercise.patient.description)}</td></tr>
${weight ? `<tr><th scope="row">Weight on the chart</th><td>${escapeHtml(weight.value)} ${escapeHtml(weight.unit)}</td></tr>` : ""}
</tbody></table>
${notes ? `<h2>What you learn when you ask</h2><ul>${notes}</ul>` : ""}
<p>Program the pump as you would at the bedside. When you are done (or decide that nothing may be started), finish the exercise.</p>
<form method="post" action="/training/finish"><button type="submit">Finish the exercise</button></form></main>`,
  );
}
