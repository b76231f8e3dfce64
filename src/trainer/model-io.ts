/**
 * LayersModel directories (`model.json` + `weights.bin`, the format `tf.loadLayersModel` reads and
 * tfjs-converter writes) saved and loaded with plain fs, so that they work on every backend: the
 * `file://` handlers exist only in tfjs-node.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData ? Buffer.concat((Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData]).map((b) => Buffer.from(b))) : Buffer.alloc(0);
      const tmp = (f: string) => path.join(dir, `.${f}.tmp`);
      fs.writeFileSync(tmp('weights.bin'), weights);
      const json = { modelTopology: artifacts.modelTopology, format: 'layers-model', generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`, convertedBy: null, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }] };
      fs.writeFileSync(tmp('model.json'), JSON.stringify(json));
      // weights first, then the json naming them: a reader never sees a model.json without its weights
      fs.renameSync(tmp('weights.bin'), path.join(dir, 'weights.bin'));
      fs.renameSync(tmp('model.json'), path.join(dir, 'model.json'));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
}

/** Loads a LayersModel directory (model.json and the weight files its manifest names). */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const file = path.join(dir, 'model.json');
  if (!fs.existsSync(file)) throw new Error(`${dir}: no model.json (a base model is a TensorFlow.js LayersModel directory)`);
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { modelTopology: object; weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }> };
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) throw new Error(`${file}: not a LayersModel (no modelTopology / weightsManifest)`);
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const data = Buffer.concat(json.weightsManifest.flatMap((g) => g.paths.map((p) => fs.readFileSync(path.join(dir, p)))));
  const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }));
}
