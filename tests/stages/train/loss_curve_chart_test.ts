// lossCurveSpec(): the model's loss curve plots each epoch's training and validation loss of history.json, on whole-epoch ticks.
import assert from "node:assert/strict";
import { lossCurveSpec } from "../../../lib/stages/train/loss_curve_chart.ts";
import { vegaLiteSvg } from "../../../lib/core/render/vega_svg.ts";
import { markData, tickLabels } from "../../core/render/_svg_marks.ts";

const row = (epoch: number, trainLoss: number, valLoss: number) => ({
  epoch,
  trainLoss,
  trainRecon: 0,
  trainKl: 0,
  valLoss,
  valRecon: 0,
  valKl: 0,
});

Deno.test("the loss curve of a 3-epoch history plots both losses of every epoch, ticked at epochs 1, 2, 3", async () => {
  const history = [row(1, 210.5, 190.25), row(2, 171.125, 168.5), row(3, 160.75, 163.875)];
  const svg = await vegaLiteSvg(lossCurveSpec(history, { seed: 3, batchSize: 128, lr: 0.001 }));
  const points = markData(svg, "point").map((
    p,
  ) => [p["series"], Number(p["epoch"]), Number(p["loss (nats per image)"])]);
  assert.deepEqual(points, [
    ...history.map((r) => ["train", r.epoch, r.trainLoss]),
    ...history.map((r) => ["validation", r.epoch, r.valLoss]),
  ]);
  assert.deepEqual(tickLabels(svg, "X"), ["1", "2", "3"]);
  assert.match(svg, /VAE loss per image \(seed 3, batch 128, lr 0\.001\)/);
});
