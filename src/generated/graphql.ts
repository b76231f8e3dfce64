/* eslint-disable */
// Generated from schema/*.graphql by `npm run codegen`. Do not edit.
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { DatasetModel } from '../modules/datasets/model.js';
import type { ItemModel, ItemEventModel, ItemChangeModel } from '../modules/items/model.js';
import type { BranchModel, VersionModel, TagModel } from '../modules/versions/model.js';
import type { MediaModel } from '../modules/media/model.js';
import type { JobModel, JobErrorModel } from '../modules/jobs/model.js';
import type { ApiTokenModel } from '../modules/auth/model.js';
import type { Actor } from '../modules/auth/roles.js';
import type { DatasetConnectionModel, ItemConnectionModel, ItemEventConnectionModel, ItemChangeConnectionModel, VersionConnectionModel, DuplicateClusterConnectionModel, FamilyConnectionModel, ExportConnectionModel } from '../server/connection.js';
import type { QualityModel, PolicyVersionModel } from '../modules/quality/service.js';
import type { AuditModel } from '../modules/quality/audit.js';
import type { AuditDiffModel, DuplicateClusterModel } from '../modules/quality/model.js';
import type { TaskEntry } from '../modules/quality/tasks.js';
import type { CoverageModel, CoverageSpecVersionModel } from '../modules/coverage/service.js';
import type { LabelCoverage as LabelCoverageModel } from '../modules/coverage/grid.js';
import type { AugmentPlanModel } from '../modules/augment/model.js';
import type { FamilyModel } from '../modules/augment/families.js';
import type { ExportRow } from '../db/schema/exports.js';
import type { TrainingRunRow } from '../db/schema/training.js';
import type { GraphQLContext } from '../server/context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** Arbitrary JSON value (objects for attributes and filters). */
  JSON: { input: unknown; output: unknown; }
};

export type AddItemsInput = {
  branch?: InputMaybe<Scalars['String']['input']>;
  dataset: Scalars['ID']['input'];
  /** At most 250 items a call. */
  items: Array<ItemInput>;
};

export type AddItemsPayload = {
  __typename?: 'AddItemsPayload';
  items: Array<Item>;
  /**
   * Set when the items' media were too many to measure before answering (more than 16 new blobs):
   * the job scoring them (their quality is null until it has run).
   */
  scoreJob?: Maybe<Job>;
};

export type ApiToken = Node & {
  __typename?: 'ApiToken';
  createdAt: Scalars['String']['output'];
  createdBy: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lastUsedAt?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  prefix: Scalars['String']['output'];
  revokedAt?: Maybe<Scalars['String']['output']>;
  role: Scalars['String']['output'];
};

export type AttributeValueCount = {
  __typename?: 'AttributeValueCount';
  attribute: Scalars['String']['output'];
  count: Scalars['Int']['output'];
  /** A scalar attribute value (array attributes count each element). */
  value?: Maybe<Scalars['JSON']['output']>;
};

export type AudioTranscript = Item & Node & {
  __typename?: 'AudioTranscript';
  attributes: Scalars['JSON']['output'];
  audio: Media;
  /** For an item made by `augment`: the ops applied (with the parameter values actually used) and the seed. */
  augmentation?: Maybe<Augmentation>;
  /** For an item made by `augment`: the source item and the revision of it the copy was made from. */
  derivedFrom?: Maybe<ItemRef>;
  family?: Maybe<Scalars['String']['output']>;
  history: ItemEventConnection;
  id: Scalars['ID']['output'];
  key: Scalars['String']['output'];
  labels: Array<Scalars['String']['output']>;
  /** Null only while the item is still being scored. */
  quality?: Maybe<Quality>;
  revision: Scalars['String']['output'];
  status: LabelStatus;
  transcript: Scalars['String']['output'];
  updatedAt: Scalars['String']['output'];
  updatedBy: Scalars['String']['output'];
};


export type AudioTranscriptHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type Audit = {
  __typename?: 'Audit';
  attributeCounts: Array<AttributeValueCount>;
  audioHours?: Maybe<Scalars['Float']['output']>;
  duplicateClusterCount: Scalars['Int']['output'];
  durationSeconds?: Maybe<Quantiles>;
  /** Every flag of the dataset's modality, zeros included. */
  flagCounts: Array<FlagCount>;
  imageHeight?: Maybe<Quantiles>;
  imageWidth?: Maybe<Quantiles>;
  /** Most frequent label's count / least frequent label's count. */
  imbalanceRatio?: Maybe<Scalars['Float']['output']>;
  itemCount: Scalars['Int']['output'];
  labelCounts: Array<ValueCount>;
  lengths: Array<LengthStats>;
  meanScore?: Maybe<Scalars['Float']['output']>;
  /** Caveats of the figures (lists cut short, items still being scored). */
  notes: Array<Scalars['String']['output']>;
  policyVersion: Scalars['Int']['output'];
  readiness: Readiness;
  /** Items beyond the first of each exact-duplicate group. */
  redundantItemCount: Scalars['Int']['output'];
  ref: Scalars['String']['output'];
  /** Ten buckets of score: [0,0.1), [0.1,0.2) … [0.9,1.0]. */
  scoreHistogram: Array<Scalars['Int']['output']>;
  /** Items whose quality has been computed (the rest are still being scored). */
  scoredCount: Scalars['Int']['output'];
};

export type AuditDiff = {
  __typename?: 'AuditDiff';
  duplicateClusterDelta: Scalars['Int']['output'];
  flagCountDeltas: Array<FlagCountDelta>;
  from: Audit;
  itemCountDelta: Scalars['Int']['output'];
  meanScoreDelta?: Maybe<Scalars['Float']['output']>;
  readinessChanged: Scalars['Boolean']['output'];
  to: Audit;
};

export type AugmentChainInput = {
  /** Derived items per source made by this chain (1..50). */
  copies?: InputMaybe<Scalars['Int']['input']>;
  ops: Array<AugmentOpInput>;
};

export type AugmentInput = {
  /** The branch the derived items are written on, as uncommitted changes. */
  branch?: InputMaybe<Scalars['String']['input']>;
  dataset: Scalars['ID']['input'];
  /** Which items are sources (default: originals only, `derived: false`). */
  filter?: InputMaybe<ItemFilter>;
  /** The ref sources are read at (default: the branch; a plan's own ref with `plan`). */
  from?: InputMaybe<Scalars['String']['input']>;
  /** A stored plan (planAugmentation): its recipe applied to its sources. */
  plan?: InputMaybe<Scalars['ID']['input']>;
  /** Chains of ops; required unless `plan` is given (then the plan's recipe is used). */
  recipe?: InputMaybe<Array<AugmentChainInput>>;
  seed?: InputMaybe<Scalars['Int']['input']>;
};

export type AugmentOpInput = {
  /** An op of the dataset's modality (docs/augmentation.md lists them with their params). */
  op: Scalars['String']['input'];
  /** The op's parameters; a numeric one may be a number or {"min", "max"} (sampled per copy from the seed). */
  params?: InputMaybe<Scalars['JSON']['input']>;
};

export type AugmentPayload = {
  __typename?: 'AugmentPayload';
  /**
   * The augment job. Its result: sources, created / updated / unchanged derived items, refused
   * (keys holding originals) and failed copies, and the derived items whose quality came out flagged
   * (`flagged`: key, flags, intended — caused by the ops, as asked — and unexpected).
   */
  job: Job;
};

/** A stored proposal of which sources and which ops fill a ref's coverage gaps; `augment(input: {plan})` applies it. */
export type AugmentPlan = Node & {
  __typename?: 'AugmentPlan';
  axes: Array<Scalars['String']['output']>;
  createdAt: Scalars['String']['output'];
  createdBy: Scalars['String']['output'];
  expectedCoverage: ExpectedCoverage;
  id: Scalars['ID']['output'];
  minPerCell: Scalars['Int']['output'];
  notes: Array<Scalars['String']['output']>;
  /** The chains of the plan, as AugmentChainInput takes them. */
  recipe: Scalars['JSON']['output'];
  ref: Scalars['String']['output'];
  sourceCount: Scalars['Int']['output'];
  /** Each source and the chain it gets (a source may get several). */
  sources: Array<AugmentPlanSource>;
  /** Cells no op can reach (a declared attribute such as background, colour from grayscale). */
  unfillable: Array<CoverageCell>;
  /** The version the ref resolved to when planned (sources are read there); null for a branch without commits. */
  version?: Maybe<Version>;
};

export type AugmentPlanSource = {
  __typename?: 'AugmentPlanSource';
  chain: Scalars['Int']['output'];
  /** The cell of the grid the copy is meant to fill. */
  fills: Array<Scalars['String']['output']>;
  key: Scalars['String']['output'];
};

/** How a derived item was made (its lineage; see docs/augmentation.md). */
export type Augmentation = {
  __typename?: 'Augmentation';
  /** Index of the recipe chain and of the copy that made this item (its key ends in ~chain.copy). */
  chain: Scalars['Int']['output'];
  copy: Scalars['Int']['output'];
  ops: Array<AugmentationOp>;
  /** The stored plan (planAugmentation) the recipe came from, if any. */
  plan?: Maybe<Scalars['ID']['output']>;
  seed: Scalars['Int']['output'];
};

export type AugmentationOp = {
  __typename?: 'AugmentationOp';
  /** True for ops that need no model (every op Tuneset has today): the copy is a deterministic transform. */
  modelFree: Scalars['Boolean']['output'];
  op: Scalars['String']['output'];
  /** The values applied: sampled ranges resolved, defaults filled in. */
  params: Scalars['JSON']['output'];
};

export type Branch = {
  __typename?: 'Branch';
  createdAt: Scalars['String']['output'];
  createdBy: Scalars['String']['output'];
  /** The last commit on this branch (null before the first commit). */
  head?: Maybe<Version>;
  name: Scalars['String']['output'];
  /** Item keys whose live state differs from the head commit. */
  uncommittedChanges: Scalars['Int']['output'];
};

export type CancelJobInput = {
  job: Scalars['ID']['input'];
};

export type CancelJobPayload = {
  __typename?: 'CancelJobPayload';
  job: Job;
};

export type ChangeKind =
  | 'ADDED'
  | 'MODIFIED'
  | 'REMOVED';

export type CommitInput = {
  /** Commit even when nothing changed (default false: NOTHING to commit is BAD_USER_INPUT). */
  allowEmpty?: InputMaybe<Scalars['Boolean']['input']>;
  branch?: InputMaybe<Scalars['String']['input']>;
  dataset: Scalars['ID']['input'];
  message: Scalars['String']['input'];
};

export type CommitPayload = {
  __typename?: 'CommitPayload';
  version: Version;
};

/**
 * Augmentation coverage of a ref (docs/augmentation.md): every item falls in exactly one bucket per
 * axis (or `unknown`), from a measured property or a declared attribute, as the dataset's coverage
 * spec says. `score` = cells of the grid of the requested axes holding at least `minPerCell` items ÷
 * cells of that grid: every cell weighs the same; `unknown` is left out of the grid.
 */
export type Coverage = {
  __typename?: 'Coverage';
  axes: Array<CoverageAxis>;
  itemCount: Scalars['Int']['output'];
  minPerCell: Scalars['Int']['output'];
  /** Cells of the grid with fewer than minPerCell items, emptiest first (at most `first`). */
  missing: Array<CoverageCell>;
  /** Cells of the grid with fewer than minPerCell items, all of them counted. */
  missingCount: Scalars['Int']['output'];
  /** What the numbers leave out (axes without data, values beyond the caps). */
  notes: Array<Scalars['String']['output']>;
  /** Every pair of the requested axes as a full grid (a heat map). */
  pairs: Array<CoveragePair>;
  /** With byLabel: the score and the gaps of each label, worst first (null otherwise). */
  perLabel?: Maybe<Array<LabelCoverage>>;
  ref: Scalars['String']['output'];
  score: Scalars['Float']['output'];
  /** The coverage spec version the ref is measured with (a version's own, a branch's the current one; 0: defaults). */
  specVersion: Scalars['Int']['output'];
};


/**
 * Augmentation coverage of a ref (docs/augmentation.md): every item falls in exactly one bucket per
 * axis (or `unknown`), from a measured property or a declared attribute, as the dataset's coverage
 * spec says. `score` = cells of the grid of the requested axes holding at least `minPerCell` items ÷
 * cells of that grid: every cell weighs the same; `unknown` is left out of the grid.
 */
export type CoverageMissingArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type CoverageAxis = {
  __typename?: 'CoverageAxis';
  buckets: Array<CoverageBucket>;
  name: Scalars['String']['output'];
  /** "metric" (measured by quality scoring) or "attribute" (declared on items). */
  source: Scalars['String']['output'];
};

export type CoverageBucket = {
  __typename?: 'CoverageBucket';
  count: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  /** count ÷ items of the ref. */
  share: Scalars['Float']['output'];
};

export type CoverageCell = {
  __typename?: 'CoverageCell';
  count: Scalars['Int']['output'];
  /** One bucket per axis, in the order of the axes. */
  values: Array<Scalars['String']['output']>;
};

export type CoveragePair = {
  __typename?: 'CoveragePair';
  axes: Array<Scalars['String']['output']>;
  cells: Array<CoverageCell>;
};

export type CoverageSpecVersion = {
  __typename?: 'CoverageSpecVersion';
  createdAt?: Maybe<Scalars['String']['output']>;
  createdBy?: Maybe<Scalars['String']['output']>;
  spec: Scalars['JSON']['output'];
  version: Scalars['Int']['output'];
};

export type CreateApiTokenInput = {
  name: Scalars['String']['input'];
  /** viewer | labeller | curator | admin */
  role: Scalars['String']['input'];
};

export type CreateApiTokenPayload = {
  __typename?: 'CreateApiTokenPayload';
  apiToken: ApiToken;
  /** The secret, shown this once; only its hash is stored. */
  token: Scalars['String']['output'];
};

export type CreateBranchInput = {
  dataset: Scalars['ID']['input'];
  /** A branch (its head commit plus its uncommitted changes), tag, version id or hash. */
  from: Scalars['String']['input'];
  name: Scalars['String']['input'];
};

export type CreateBranchPayload = {
  __typename?: 'CreateBranchPayload';
  branch: Branch;
};

export type CreateDatasetInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  modality: Modality;
  name: Scalars['String']['input'];
  /** BCP-47 tag of the language text should be in (NON_TARGET_LANGUAGE); default "en". */
  targetLanguage?: InputMaybe<Scalars['String']['input']>;
  /** A task-catalogue key (Query.fineTuningTasks) for the audit's readiness verdict. */
  targetTask?: InputMaybe<Scalars['String']['input']>;
};

export type CreateDatasetPayload = {
  __typename?: 'CreateDatasetPayload';
  dataset: Dataset;
};

export type CreateExportInput = {
  dataset: Scalars['ID']['input'];
  /** A folder relative to the export root (default <dataset>/<name or export id>); it must not exist. */
  destination?: InputMaybe<Scalars['String']['input']>;
  formats: Array<ExportFormat>;
  name?: InputMaybe<Scalars['String']['input']>;
  /** A branch exports its head commit; uncommitted edits are never exported. */
  ref?: InputMaybe<Scalars['String']['input']>;
  spec: ExportSpecInput;
};

export type CreateExportPayload = {
  __typename?: 'CreateExportPayload';
  export: Export;
  job: Job;
};

export type Dataset = Node & {
  __typename?: 'Dataset';
  /**
   * Quality audit of a ref; `task` overrides the declared target task for the readiness verdict
   * (a catalogue key for this dataset's modality).
   */
  audit: Audit;
  /** How counts per flag, mean score and readiness changed between two refs. */
  auditDiff: AuditDiff;
  augmentPlans: Array<AugmentPlan>;
  branch?: Maybe<Branch>;
  branches: Array<Branch>;
  /**
   * Coverage of a ref on the spec's axes (all axes with data when none are named). Unknown axes,
   * a grid of more than 20,000 cells or minPerCell outside 1..1,000,000: BAD_USER_INPUT.
   */
  coverage: Coverage;
  /** The coverage spec in force: every axis and its buckets. */
  coverageSpec: Scalars['JSON']['output'];
  coverageSpecVersion: Scalars['Int']['output'];
  /** Every recorded spec change, newest first (version 0: the modality's defaults). */
  coverageSpecs: Array<CoverageSpecVersion>;
  createdAt: Scalars['String']['output'];
  createdBy: Scalars['String']['output'];
  description?: Maybe<Scalars['String']['output']>;
  /** Items that differ between two refs, ordered by key. */
  diff: ItemChangeConnection;
  duplicateClusters: DuplicateClusterConnection;
  exports: ExportConnection;
  /** Families at a ref with at least minSize members, by id. */
  families: FamilyConnection;
  id: Scalars['ID']['output'];
  item?: Maybe<Item>;
  /**
   * Every recorded change of an item key on any branch, newest first — also for keys that no
   * longer exist at any live ref.
   */
  itemHistory: ItemEventConnection;
  /**
   * Items at a ref: a branch name (its live state, uncommitted edits included), a tag, a version id
   * or a version hash (or a unique prefix of at least 7 characters). Ordered by key.
   */
  items: ItemConnection;
  modality: Modality;
  name: Scalars['String']['output'];
  /** Every recorded policy change, newest first. */
  qualityPolicies: Array<QualityPolicyVersion>;
  /** The quality policy in force: every threshold and weight, with its version. */
  qualityPolicy: Scalars['JSON']['output'];
  qualityPolicyVersion: Scalars['Int']['output'];
  tags: Array<Tag>;
  /** BCP-47 tag the text should be in (the policy's targetLanguage). */
  targetLanguage: Scalars['String']['output'];
  /** Task-catalogue key readiness is judged against (the policy's targetTask). */
  targetTask?: Maybe<Scalars['String']['output']>;
  version?: Maybe<Version>;
  /** Commits reachable from a branch's head, newest first. */
  versions: VersionConnection;
};


export type DatasetAuditArgs = {
  ref?: InputMaybe<Scalars['String']['input']>;
  task?: InputMaybe<Scalars['String']['input']>;
};


export type DatasetAuditDiffArgs = {
  from: Scalars['String']['input'];
  task?: InputMaybe<Scalars['String']['input']>;
  to: Scalars['String']['input'];
};


export type DatasetAugmentPlansArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type DatasetBranchArgs = {
  name: Scalars['String']['input'];
};


export type DatasetCoverageArgs = {
  axes?: InputMaybe<Array<Scalars['String']['input']>>;
  byLabel?: InputMaybe<Scalars['Boolean']['input']>;
  minPerCell?: InputMaybe<Scalars['Int']['input']>;
  ref?: InputMaybe<Scalars['String']['input']>;
};


export type DatasetDiffArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from: Scalars['String']['input'];
  to: Scalars['String']['input'];
};


export type DatasetDuplicateClustersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  ref?: InputMaybe<Scalars['String']['input']>;
};


export type DatasetExportsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type DatasetFamiliesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  minSize?: InputMaybe<Scalars['Int']['input']>;
  ref?: InputMaybe<Scalars['String']['input']>;
};


export type DatasetItemArgs = {
  key: Scalars['String']['input'];
  ref?: InputMaybe<Scalars['String']['input']>;
};


export type DatasetItemHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  key: Scalars['String']['input'];
};


export type DatasetItemsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ItemFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  ref?: InputMaybe<Scalars['String']['input']>;
};


export type DatasetVersionArgs = {
  ref: Scalars['String']['input'];
};


export type DatasetVersionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  branch?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type DatasetConnection = {
  __typename?: 'DatasetConnection';
  edges: Array<DatasetEdge>;
  nodes: Array<Dataset>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type DatasetEdge = {
  __typename?: 'DatasetEdge';
  cursor: Scalars['String']['output'];
  node: Dataset;
};

export type DeleteBranchInput = {
  dataset: Scalars['ID']['input'];
  name: Scalars['String']['input'];
};

export type DeleteBranchPayload = {
  __typename?: 'DeleteBranchPayload';
  name: Scalars['String']['output'];
};

export type DeleteDatasetInput = {
  dataset: Scalars['ID']['input'];
};

export type DeleteDatasetPayload = {
  __typename?: 'DeleteDatasetPayload';
  deletedDatasetId: Scalars['ID']['output'];
};

export type DiscardChangesInput = {
  branch?: InputMaybe<Scalars['String']['input']>;
  dataset: Scalars['ID']['input'];
};

export type DiscardChangesPayload = {
  __typename?: 'DiscardChangesPayload';
  branch: Branch;
  discardedCount: Scalars['Int']['output'];
};

export type DuplicateCluster = {
  __typename?: 'DuplicateCluster';
  keys: Array<Scalars['String']['output']>;
  kind: DuplicateKind;
  /** NEAR clusters of images/audio: the largest Hamming distance of a linking pair. */
  maxDistance?: Maybe<Scalars['Int']['output']>;
  /** Members at the ref, in key order (at most `first`). */
  members: Array<Item>;
  /** NEAR clusters of text: the smallest estimated Jaccard similarity of a linking pair. */
  minSimilarity?: Maybe<Scalars['Float']['output']>;
  /** The member to keep: highest score, then smallest key. */
  representative: Item;
  size: Scalars['Int']['output'];
};


export type DuplicateClusterMembersArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type DuplicateClusterConnection = {
  __typename?: 'DuplicateClusterConnection';
  edges: Array<DuplicateClusterEdge>;
  nodes: Array<DuplicateCluster>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type DuplicateClusterEdge = {
  __typename?: 'DuplicateClusterEdge';
  cursor: Scalars['String']['output'];
  node: DuplicateCluster;
};

export type DuplicateKind =
  /** The same caption on different images. */
  | 'CAPTION'
  /** Same bytes, pixels, samples or normalised text. */
  | 'EXACT'
  /** Perceptual hash / fingerprint within the policy's radius, or MinHash Jaccard ≥ the threshold. */
  | 'NEAR';

export type ExpectedCoverage = {
  __typename?: 'ExpectedCoverage';
  /** Cells still under-filled once the plan is applied, emptiest first. */
  missing: Array<CoverageCell>;
  missingBefore: Scalars['Int']['output'];
  newItems: Scalars['Int']['output'];
  score: Scalars['Float']['output'];
  scoreBefore: Scalars['Float']['output'];
};

export type Export = Node & {
  __typename?: 'Export';
  createdAt: Scalars['String']['output'];
  createdBy: Scalars['String']['output'];
  dataset: Dataset;
  /** sha256 of manifest.json: the same version and spec give the same fingerprint. */
  fingerprint?: Maybe<Scalars['String']['output']>;
  formats: Array<ExportFormat>;
  id: Scalars['ID']['output'];
  job?: Maybe<Job>;
  manifest?: Maybe<Scalars['JSON']['output']>;
  name?: Maybe<Scalars['String']['output']>;
  /** The export's folder on the server. */
  path: Scalars['String']['output'];
  report?: Maybe<Scalars['JSON']['output']>;
  spec: Scalars['JSON']['output'];
  splits: Array<ExportSplitCount>;
  state: ExportState;
  /** Training runs made from this export, newest first. */
  trainingRuns: Array<TrainingRun>;
  version: Version;
};

export type ExportConnection = {
  __typename?: 'ExportConnection';
  edges: Array<ExportEdge>;
  nodes: Array<Export>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ExportEdge = {
  __typename?: 'ExportEdge';
  cursor: Scalars['String']['output'];
  node: Export;
};

export type ExportFilterInput = {
  /** Keep only the best-scored member of each exact / near duplicate cluster. */
  dedupe?: InputMaybe<Scalars['Boolean']['input']>;
  /** Items carrying any of these flags (own, or the ref's duplicate flags) are left out. */
  excludeFlags?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Items carrying any of these labels. */
  labels?: InputMaybe<Array<Scalars['String']['input']>>;
  minScore?: InputMaybe<Scalars['Float']['input']>;
  /** Any of these statuses. */
  statuses?: InputMaybe<Array<LabelStatus>>;
};

/** Formats an export can be written in, each under <path>/<format in lower case>/. */
export type ExportFormat =
  /** instruction / input / output per line (text pairs). */
  | 'ALPACA'
  /** <split>.json with images and annotations {image_id, caption}, the images in <split>/ (images). */
  | 'COCO_CAPTIONS'
  /** train/ validation/ test/ with the WAVs and metadata.jsonl (datasets' audiofolder). */
  | 'HF_AUDIOFOLDER'
  /** train/ validation/ test/ with the images and metadata.jsonl (datasets' imagefolder). */
  | 'HF_IMAGEFOLDER'
  /** Every field, one line per item, per split (text pairs, images, audio). */
  | 'JSONL'
  /** audio_filepath / duration / text per line (NeMo, Whisper fine-tuning scripts). */
  | 'NEMO_MANIFEST'
  /** {"messages": [user, assistant]} per line (text pairs). */
  | 'OPENAI_CHAT'
  /** The Hugging Face Hub layout: data/<split>-0000i-of-0000N.parquet and a README.md declaring the splits; media as Image / Audio struct<bytes, path> columns (every modality). */
  | 'PARQUET'
  /** What the trainer module reads: sharded binary tensors (images uint8 HWC at target.imageSize, audio 16 kHz mono float32, text UTF-8 with vocab.json) and schema.json (every modality). */
  | 'TFJS';

export type ExportSpecInput = {
  filter?: InputMaybe<ExportFilterInput>;
  maxItems?: InputMaybe<Scalars['Int']['input']>;
  maxPerClass?: InputMaybe<Scalars['Int']['input']>;
  split: ExportSplitInput;
  target?: InputMaybe<ExportTargetInput>;
};

export type ExportSplitCount = {
  __typename?: 'ExportSplitCount';
  count: Scalars['Int']['output'];
  name: Scalars['String']['output'];
};

export type ExportSplitInput = {
  /** Fields whose equal values must stay in one split, e.g. ["attributes.speaker"] (the family always does). */
  groupBy?: InputMaybe<Array<Scalars['String']['input']>>;
  seed?: InputMaybe<Scalars['Int']['input']>;
  /** label | attributes.<name> */
  stratifyBy?: InputMaybe<Scalars['String']['input']>;
  test?: InputMaybe<Scalars['Float']['input']>;
  testCount?: InputMaybe<Scalars['Int']['input']>;
  /** Shares of originals, summing to 1 (or give the counts instead). */
  train?: InputMaybe<Scalars['Float']['input']>;
  trainCount?: InputMaybe<Scalars['Int']['input']>;
  validation?: InputMaybe<Scalars['Float']['input']>;
  validationCount?: InputMaybe<Scalars['Int']['input']>;
};

export type ExportState =
  | 'CANCELLED'
  | 'FAILED'
  | 'RUNNING'
  | 'SUCCEEDED';

/** The trainer an export is for: its limits, checked on every item before anything is written. */
export type ExportTargetInput = {
  /** Images written resized and centre-cropped to imageSize × imageSize (image-classification: 224; TFJS uses it, 224 by default). */
  imageSize?: InputMaybe<Scalars['Int']['input']>;
  /** Longest clip (whisper: 30). */
  maxSeconds?: InputMaybe<Scalars['Float']['input']>;
  /** Estimated tokens of a pair (llm-chat: 4096) or of a transcript (whisper: 448). */
  maxTokens?: InputMaybe<Scalars['Int']['input']>;
  /** Smallest image side (image-generation: 512, image-classification: 32). */
  minSide?: InputMaybe<Scalars['Int']['input']>;
  onViolation?: InputMaybe<ExportViolationAction>;
  /** whisper | llm-chat | image-generation | image-classification */
  preset: Scalars['String']['input'];
  /** Audio written at this rate, mono (whisper: 16000). */
  sampleRate?: InputMaybe<Scalars['Int']['input']>;
};

export type ExportViolationAction =
  /** Items breaking the target are left out and listed in the report. */
  | 'EXCLUDE'
  /** Any item breaking the target fails the export with EXPORT_CONSTRAINT_VIOLATED and the list. */
  | 'FAIL';

/**
 * A family: a source item, everything derived from it (transitively) and its exact- and
 * near-duplicate clusters, merged (union-find over both). The unit an export keeps on one side of a split.
 */
export type Family = {
  __typename?: 'Family';
  derivedCount: Scalars['Int']['output'];
  /** Stable at a ref: the smallest key of the family. */
  id: Scalars['String']['output'];
  keys: Array<Scalars['String']['output']>;
  size: Scalars['Int']['output'];
};


/**
 * A family: a source item, everything derived from it (transitively) and its exact- and
 * near-duplicate clusters, merged (union-find over both). The unit an export keeps on one side of a split.
 */
export type FamilyKeysArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type FamilyConnection = {
  __typename?: 'FamilyConnection';
  edges: Array<FamilyEdge>;
  nodes: Array<Family>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type FamilyEdge = {
  __typename?: 'FamilyEdge';
  cursor: Scalars['String']['output'];
  node: Family;
};

/** A task of the catalogue (config/tasks.json, extended by TUNESET_TASKS_FILE). */
export type FineTuningTask = {
  __typename?: 'FineTuningTask';
  gpuMemoryGB: Scalars['Float']['output'];
  gpuMemoryGB4bit?: Maybe<Scalars['Float']['output']>;
  key: Scalars['String']['output'];
  minimum: Scalars['Float']['output'];
  modality: Modality;
  name: Scalars['String']['output'];
  unit: Scalars['String']['output'];
};

export type FlagCount = {
  __typename?: 'FlagCount';
  count: Scalars['Int']['output'];
  flag: QualityFlag;
};

export type FlagCountDelta = {
  __typename?: 'FlagCountDelta';
  delta: Scalars['Int']['output'];
  flag: QualityFlag;
  from: Scalars['Int']['output'];
  to: Scalars['Int']['output'];
};

export type ImageCaption = Item & Node & {
  __typename?: 'ImageCaption';
  attributes: Scalars['JSON']['output'];
  /** For an item made by `augment`: the ops applied (with the parameter values actually used) and the seed. */
  augmentation?: Maybe<Augmentation>;
  caption: Scalars['String']['output'];
  /** For an item made by `augment`: the source item and the revision of it the copy was made from. */
  derivedFrom?: Maybe<ItemRef>;
  family?: Maybe<Scalars['String']['output']>;
  history: ItemEventConnection;
  id: Scalars['ID']['output'];
  image: Media;
  key: Scalars['String']['output'];
  labels: Array<Scalars['String']['output']>;
  /** Null only while the item is still being scored. */
  quality?: Maybe<Quality>;
  revision: Scalars['String']['output'];
  status: LabelStatus;
  updatedAt: Scalars['String']['output'];
  updatedBy: Scalars['String']['output'];
};


export type ImageCaptionHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type ImportFormat =
  | 'HF_AUDIOFOLDER'
  | 'HF_IMAGEFOLDER'
  | 'JSONL'
  | 'NEMO_MANIFEST';

export type ImportItemsInput = {
  branch?: InputMaybe<Scalars['String']['input']>;
  /** When given, the imported changes are committed with this message once the import ends. */
  commitMessage?: InputMaybe<Scalars['String']['input']>;
  dataset: Scalars['ID']['input'];
  format: ImportFormat;
  /** Relative to the server's import root (absolute paths must lie inside it). */
  path: Scalars['String']['input'];
};

export type ImportItemsPayload = {
  __typename?: 'ImportItemsPayload';
  job: Job;
};

/**
 * One immutable revision of a training pair. `id` names this revision (Node); `revision` is what
 * updateItem's expectedRevision compares against.
 */
export type Item = {
  attributes: Scalars['JSON']['output'];
  /** For an item made by `augment`: the ops applied (with the parameter values actually used) and the seed. */
  augmentation?: Maybe<Augmentation>;
  /** For an item made by `augment`: the source item and the revision of it the copy was made from. */
  derivedFrom?: Maybe<ItemRef>;
  /** The item's family id at the ref it was read at (see Family). */
  family?: Maybe<Scalars['String']['output']>;
  history: ItemEventConnection;
  id: Scalars['ID']['output'];
  key: Scalars['String']['output'];
  labels: Array<Scalars['String']['output']>;
  /** Null only while the item is still being scored. */
  quality?: Maybe<Quality>;
  revision: Scalars['String']['output'];
  status: LabelStatus;
  updatedAt: Scalars['String']['output'];
  updatedBy: Scalars['String']['output'];
};


/**
 * One immutable revision of a training pair. `id` names this revision (Node); `revision` is what
 * updateItem's expectedRevision compares against.
 */
export type ItemHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type ItemChange = {
  __typename?: 'ItemChange';
  after?: Maybe<Item>;
  before?: Maybe<Item>;
  changedFields: Array<Scalars['String']['output']>;
  key: Scalars['String']['output'];
  kind: ChangeKind;
};

export type ItemChangeConnection = {
  __typename?: 'ItemChangeConnection';
  edges: Array<ItemChangeEdge>;
  nodes: Array<ItemChange>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ItemChangeEdge = {
  __typename?: 'ItemChangeEdge';
  cursor: Scalars['String']['output'];
  node: ItemChange;
};

export type ItemConnection = {
  __typename?: 'ItemConnection';
  edges: Array<ItemEdge>;
  nodes: Array<Item>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ItemEdge = {
  __typename?: 'ItemEdge';
  cursor: Scalars['String']['output'];
  node: Item;
};

/** One recorded change of an item key: who, when, on which branch, which fields. */
export type ItemEvent = {
  __typename?: 'ItemEvent';
  actor: Scalars['String']['output'];
  at: Scalars['String']['output'];
  branch: Scalars['String']['output'];
  /** Fields that differ from the previous revision (empty for ADDED and REMOVED). */
  changedFields: Array<Scalars['String']['output']>;
  /** The item as this change left it (null for a removal). */
  item?: Maybe<Item>;
  kind: ChangeKind;
  revision: Scalars['String']['output'];
};

export type ItemEventConnection = {
  __typename?: 'ItemEventConnection';
  edges: Array<ItemEventEdge>;
  nodes: Array<ItemEvent>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ItemEventEdge = {
  __typename?: 'ItemEventEdge';
  cursor: Scalars['String']['output'];
  node: ItemEvent;
};

/**
 * All given conditions must hold. `labels`: the item carries every listed label. `attributes`:
 * every key equals the given JSON value. `status`: any of the listed statuses.
 */
export type ItemFilter = {
  attributes?: InputMaybe<Scalars['JSON']['input']>;
  /** true: only items made by `augment`; false: only originals. */
  derived?: InputMaybe<Scalars['Boolean']['input']>;
  /** Only items derived from this source key. */
  derivedFrom?: InputMaybe<Scalars['String']['input']>;
  /** The item carries ANY of these flags (own or, for duplicates, at the ref read). */
  flags?: InputMaybe<Array<QualityFlag>>;
  keyPrefix?: InputMaybe<Scalars['String']['input']>;
  labels?: InputMaybe<Array<Scalars['String']['input']>>;
  maxScore?: InputMaybe<Scalars['Float']['input']>;
  /** Score bounds (inclusive); items not scored yet never match a quality condition. */
  minScore?: InputMaybe<Scalars['Float']['input']>;
  status?: InputMaybe<Array<LabelStatus>>;
};

export type ItemInput = {
  attributes?: InputMaybe<Scalars['JSON']['input']>;
  caption?: InputMaybe<Scalars['String']['input']>;
  /** Unique within the dataset; generated (time-ordered) when absent. */
  key?: InputMaybe<Scalars['String']['input']>;
  labels?: InputMaybe<Array<Scalars['String']['input']>>;
  mediaSha256?: InputMaybe<Scalars['String']['input']>;
  prompt?: InputMaybe<Scalars['String']['input']>;
  response?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<LabelStatus>;
  transcript?: InputMaybe<Scalars['String']['input']>;
};

/** Absent fields stay unchanged. */
export type ItemPatch = {
  attributes?: InputMaybe<Scalars['JSON']['input']>;
  caption?: InputMaybe<Scalars['String']['input']>;
  labels?: InputMaybe<Array<Scalars['String']['input']>>;
  mediaSha256?: InputMaybe<Scalars['String']['input']>;
  prompt?: InputMaybe<Scalars['String']['input']>;
  response?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<LabelStatus>;
  transcript?: InputMaybe<Scalars['String']['input']>;
};

/** A reference to one revision of an item. */
export type ItemRef = {
  __typename?: 'ItemRef';
  key: Scalars['String']['output'];
  revision: Scalars['String']['output'];
};

export type Job = Node & {
  __typename?: 'Job';
  createdAt: Scalars['String']['output'];
  /** The dataset the job works on, if any. */
  dataset?: Maybe<Dataset>;
  /** Why a FAILED job failed. */
  error?: Maybe<Scalars['String']['output']>;
  errors: Array<JobError>;
  failed: Scalars['Int']['output'];
  finishedAt?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  kind: Scalars['String']['output'];
  processed: Scalars['Int']['output'];
  /** 0..1 */
  progress: Scalars['Float']['output'];
  result?: Maybe<Scalars['JSON']['output']>;
  startedAt?: Maybe<Scalars['String']['output']>;
  state: JobState;
  total?: Maybe<Scalars['Int']['output']>;
};


export type JobErrorsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type JobError = {
  __typename?: 'JobError';
  code: Scalars['String']['output'];
  file?: Maybe<Scalars['String']['output']>;
  message: Scalars['String']['output'];
  row?: Maybe<Scalars['Int']['output']>;
};

export type JobState =
  | 'CANCELLED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type LabelCoverage = {
  __typename?: 'LabelCoverage';
  label: Scalars['String']['output'];
  /** The label's emptiest under-filled cells (at most 100 are kept). */
  missing: Array<CoverageCell>;
  missingCount: Scalars['Int']['output'];
  score: Scalars['Float']['output'];
};


export type LabelCoverageMissingArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type LabelStatus =
  | 'LABELED'
  | 'REJECTED'
  | 'REVIEWED'
  | 'UNLABELED';

export type LengthStats = {
  __typename?: 'LengthStats';
  /** Estimated at 4 characters per token. */
  approxTokens: Quantiles;
  chars: Quantiles;
  /** prompt, response, caption or transcript */
  field: Scalars['String']['output'];
};

export type Media = {
  __typename?: 'Media';
  byteSize: Scalars['Int']['output'];
  channels?: Maybe<Scalars['Int']['output']>;
  durationSeconds?: Maybe<Scalars['Float']['output']>;
  height?: Maybe<Scalars['Int']['output']>;
  mimeType: Scalars['String']['output'];
  sampleRate?: Maybe<Scalars['Int']['output']>;
  sha256: Scalars['String']['output'];
  /**
   * A signed download URL usable in <img>/<audio> without a header. It is valid for at least 55
   * and at most 60 minutes from when it was handed out (the same URL is handed out for 5 minutes,
   * so clients can cache by URL), and stops working at once when the token that asked for it is
   * revoked.
   */
  url: Scalars['String']['output'];
  width?: Maybe<Scalars['Int']['output']>;
};

export type Modality =
  | 'AUDIO_TRANSCRIPT'
  | 'IMAGE_CAPTION'
  | 'TEXT_PAIR';

export type Mutation = {
  __typename?: 'Mutation';
  addItems: AddItemsPayload;
  augment: AugmentPayload;
  cancelJob: CancelJobPayload;
  commit: CommitPayload;
  createApiToken: CreateApiTokenPayload;
  createBranch: CreateBranchPayload;
  createDataset: CreateDatasetPayload;
  createExport: CreateExportPayload;
  deleteBranch: DeleteBranchPayload;
  deleteDataset: DeleteDatasetPayload;
  /** Drops a branch's uncommitted changes. */
  discardChanges: DiscardChangesPayload;
  /**
   * Imports a file or folder below the import root as a job (see README, Imports). Bad rows are
   * reported in the job's errors and skipped; an import that does not finish leaves the branch as
   * it found it.
   */
  importItems: ImportItemsPayload;
  planAugmentation: PlanAugmentationPayload;
  removeItems: RemoveItemsPayload;
  /** A new commit whose content equals `to`; history is never rewritten. */
  restore: RestorePayload;
  revokeApiToken: RevokeApiTokenPayload;
  setCoverageSpec: SetCoverageSpecPayload;
  setQualityPolicy: SetQualityPolicyPayload;
  tagVersion: TagVersionPayload;
  /** Trains a model on a finished export with a TFJS format, as a cancellable job (a child process: the server keeps answering). */
  trainExport: TrainExportPayload;
  updateItem: UpdateItemPayload;
};


export type MutationAddItemsArgs = {
  input: AddItemsInput;
};


export type MutationAugmentArgs = {
  input: AugmentInput;
};


export type MutationCancelJobArgs = {
  input: CancelJobInput;
};


export type MutationCommitArgs = {
  input: CommitInput;
};


export type MutationCreateApiTokenArgs = {
  input: CreateApiTokenInput;
};


export type MutationCreateBranchArgs = {
  input: CreateBranchInput;
};


export type MutationCreateDatasetArgs = {
  input: CreateDatasetInput;
};


export type MutationCreateExportArgs = {
  input: CreateExportInput;
};


export type MutationDeleteBranchArgs = {
  input: DeleteBranchInput;
};


export type MutationDeleteDatasetArgs = {
  input: DeleteDatasetInput;
};


export type MutationDiscardChangesArgs = {
  input: DiscardChangesInput;
};


export type MutationImportItemsArgs = {
  input: ImportItemsInput;
};


export type MutationPlanAugmentationArgs = {
  input: PlanAugmentationInput;
};


export type MutationRemoveItemsArgs = {
  input: RemoveItemsInput;
};


export type MutationRestoreArgs = {
  input: RestoreInput;
};


export type MutationRevokeApiTokenArgs = {
  input: RevokeApiTokenInput;
};


export type MutationSetCoverageSpecArgs = {
  input: SetCoverageSpecInput;
};


export type MutationSetQualityPolicyArgs = {
  input: SetQualityPolicyInput;
};


export type MutationTagVersionArgs = {
  input: TagVersionInput;
};


export type MutationTrainExportArgs = {
  input: TrainExportInput;
};


export type MutationUpdateItemArgs = {
  input: UpdateItemInput;
};

/** Relay: anything with a global id can be refetched with Query.node. */
export type Node = {
  id: Scalars['ID']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type PlanAugmentationInput = {
  /** The axes whose grid the plan fills (default: every axis with data at the ref). */
  axes?: InputMaybe<Array<Scalars['String']['input']>>;
  dataset: Scalars['ID']['input'];
  /** Most derived items the plan may propose. */
  maxNewItems?: InputMaybe<Scalars['Int']['input']>;
  minPerCell?: InputMaybe<Scalars['Int']['input']>;
  ref?: InputMaybe<Scalars['String']['input']>;
};

export type PlanAugmentationPayload = {
  __typename?: 'PlanAugmentationPayload';
  plan: AugmentPlan;
};

/**
 * An item's quality. `score` (0..1) is the product of (1 - weight) over the item's own flags under the
 * policy that produced it (`policyVersion`); `flags` adds the duplicate flags (EXACT_DUPLICATE,
 * NEAR_DUPLICATE, DUPLICATE_CAPTION) of the ref the item was read at; `metrics` holds every raw
 * measurement behind the flags.
 */
export type Quality = {
  __typename?: 'Quality';
  flags: Array<QualityFlag>;
  metrics: Scalars['JSON']['output'];
  policyVersion: Scalars['Int']['output'];
  score: Scalars['Float']['output'];
};

/**
 * The fixed quality flag vocabulary. Images: BLURRY … DUPLICATE_CAPTION; audio: CLIPPING …
 * SPEECH_RATE_IMPLAUSIBLE; text pairs: PROMPT_EMPTY … NON_TARGET_LANGUAGE; any modality:
 * EXACT_DUPLICATE, NEAR_DUPLICATE. Definitions and default thresholds: docs/quality.md.
 */
export type QualityFlag =
  | 'BLURRY'
  | 'CAPTION_EMPTY'
  | 'CAPTION_TOO_SHORT'
  | 'CLIPPING'
  | 'DARK'
  | 'DUPLICATE_CAPTION'
  | 'ECHOES_PROMPT'
  | 'EXACT_DUPLICATE'
  | 'GRAYSCALE'
  | 'LOW_ALPHA_RATIO'
  | 'LOW_INFORMATION'
  | 'LOW_RESOLUTION'
  | 'LOW_SAMPLE_RATE'
  | 'LOW_SNR'
  | 'MOSTLY_SILENCE'
  | 'NEAR_DUPLICATE'
  | 'NON_TARGET_LANGUAGE'
  | 'ODD_ASPECT_RATIO'
  | 'OVEREXPOSED'
  | 'PROMPT_EMPTY'
  | 'REPETITIVE'
  | 'RESPONSE_EMPTY'
  | 'RESPONSE_TOO_LONG'
  | 'RESPONSE_TOO_SHORT'
  | 'SPEECH_RATE_IMPLAUSIBLE'
  | 'TOO_LONG'
  | 'TOO_SHORT'
  | 'TRANSCRIPT_EMPTY';

export type QualityPolicyVersion = {
  __typename?: 'QualityPolicyVersion';
  createdAt: Scalars['String']['output'];
  createdBy: Scalars['String']['output'];
  policy: Scalars['JSON']['output'];
  version: Scalars['Int']['output'];
};

/** Distribution of a measure over a ref's items. */
export type Quantiles = {
  __typename?: 'Quantiles';
  count: Scalars['Int']['output'];
  max: Scalars['Float']['output'];
  mean: Scalars['Float']['output'];
  min: Scalars['Float']['output'];
  p10: Scalars['Float']['output'];
  p50: Scalars['Float']['output'];
  p90: Scalars['Float']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** Admin only. */
  apiTokens: Array<ApiToken>;
  dataset?: Maybe<Dataset>;
  datasets: DatasetConnection;
  fineTuningTasks: Array<FineTuningTask>;
  job?: Maybe<Job>;
  media?: Maybe<Media>;
  node?: Maybe<Node>;
  /** The actor making this request (token name and role). */
  viewer: Viewer;
};


export type QueryDatasetArgs = {
  name: Scalars['String']['input'];
};


export type QueryDatasetsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryJobArgs = {
  id: Scalars['ID']['input'];
};


export type QueryMediaArgs = {
  sha256: Scalars['String']['input'];
};


export type QueryNodeArgs = {
  id: Scalars['ID']['input'];
};

/**
 * Whether a ref has enough usable data for a task of the task catalogue (config/tasks.json):
 * usable = scored, at least the policy's minUsableScore, not REJECTED, exact duplicates counted once.
 */
export type Readiness = {
  __typename?: 'Readiness';
  /** Full fine-tuning: gpuFactor (2.5) × parameters × bytes per parameter. */
  gpuMemoryGB?: Maybe<Scalars['Float']['output']>;
  /** The same with 4-bit quantised weights, where the catalogue gives it. */
  gpuMemoryGB4bit?: Maybe<Scalars['Float']['output']>;
  have?: Maybe<Scalars['Float']['output']>;
  notes: Array<Scalars['String']['output']>;
  ok: Scalars['Boolean']['output'];
  required?: Maybe<Scalars['Float']['output']>;
  task?: Maybe<Scalars['String']['output']>;
  taskName?: Maybe<Scalars['String']['output']>;
  unit?: Maybe<Scalars['String']['output']>;
};

export type RemoveItemsInput = {
  branch?: InputMaybe<Scalars['String']['input']>;
  dataset: Scalars['ID']['input'];
  keys: Array<Scalars['String']['input']>;
};

export type RemoveItemsPayload = {
  __typename?: 'RemoveItemsPayload';
  removedCount: Scalars['Int']['output'];
};

export type RestoreInput = {
  branch?: InputMaybe<Scalars['String']['input']>;
  dataset: Scalars['ID']['input'];
  message?: InputMaybe<Scalars['String']['input']>;
  to: Scalars['String']['input'];
};

export type RestorePayload = {
  __typename?: 'RestorePayload';
  version: Version;
};

export type RevokeApiTokenInput = {
  id: Scalars['ID']['input'];
};

export type RevokeApiTokenPayload = {
  __typename?: 'RevokeApiTokenPayload';
  apiToken: ApiToken;
};

export type SetCoverageSpecInput = {
  dataset: Scalars['ID']['input'];
  /**
   * A patch `{"axes": {"name": axis | null}}` merged over the current spec: an axis added or replaced,
   * or removed with null. An axis is `{"source": "metric", "metric", "buckets": [{"name", "below"}, …, {"name"}]}`
   * or `{"source": "attribute", "attribute", "default", "values"}`.
   */
  spec: Scalars['JSON']['input'];
};

export type SetCoverageSpecPayload = {
  __typename?: 'SetCoverageSpecPayload';
  dataset: Dataset;
  spec: Scalars['JSON']['output'];
  version: Scalars['Int']['output'];
};

export type SetQualityPolicyInput = {
  dataset: Scalars['ID']['input'];
  /**
   * Settings to change, in the shape of Dataset.qualityPolicy (e.g. {"image": {"minSide": 128}});
   * everything else stays. Unknown settings are refused.
   */
  policy: Scalars['JSON']['input'];
};

export type SetQualityPolicyPayload = {
  __typename?: 'SetQualityPolicyPayload';
  dataset: Dataset;
  /** The job re-scoring the dataset's items under the new policy. */
  job: Job;
};

export type Tag = {
  __typename?: 'Tag';
  name: Scalars['String']['output'];
  version: Version;
};

export type TagVersionInput = {
  tag: Scalars['String']['input'];
  version: Scalars['ID']['input'];
};

export type TagVersionPayload = {
  __typename?: 'TagVersionPayload';
  version: Version;
};

export type TextPair = Item & Node & {
  __typename?: 'TextPair';
  attributes: Scalars['JSON']['output'];
  /** For an item made by `augment`: the ops applied (with the parameter values actually used) and the seed. */
  augmentation?: Maybe<Augmentation>;
  /** For an item made by `augment`: the source item and the revision of it the copy was made from. */
  derivedFrom?: Maybe<ItemRef>;
  family?: Maybe<Scalars['String']['output']>;
  history: ItemEventConnection;
  id: Scalars['ID']['output'];
  key: Scalars['String']['output'];
  labels: Array<Scalars['String']['output']>;
  prompt: Scalars['String']['output'];
  /** Null only while the item is still being scored. */
  quality?: Maybe<Quality>;
  response: Scalars['String']['output'];
  revision: Scalars['String']['output'];
  status: LabelStatus;
  updatedAt: Scalars['String']['output'];
  updatedBy: Scalars['String']['output'];
};


export type TextPairHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type TrainExportInput = {
  export: Scalars['ID']['input'];
  /** epochs, base (pretrain | none), backend (auto | tensorflow | wasm | cpu), seed, batchSize, unfreezeTop, patience, headEpochs (most epochs with the base frozen; default two thirds of epochs), learningRate, vocabSize. */
  options?: InputMaybe<Scalars['JSON']['input']>;
  task: Scalars['String']['input'];
};

export type TrainExportPayload = {
  __typename?: 'TrainExportPayload';
  job: Job;
  run: TrainingRun;
};

/** A run of the trainer module on an export (docs/trainer.md), made by trainExport. */
export type TrainingRun = Node & {
  __typename?: 'TrainingRun';
  /** The TensorFlow.js backend it trained on (tensorflow-gpu, tensorflow, wasm, cpu), once known. */
  backend?: Maybe<Scalars['String']['output']>;
  createdAt: Scalars['String']['output'];
  createdBy: Scalars['String']['output'];
  export: Export;
  id: Scalars['ID']['output'];
  job?: Maybe<Job>;
  /** metrics.json of a finished run: per epoch, the final test metrics beside the trivial baseline, samples/s. */
  metrics?: Maybe<Scalars['JSON']['output']>;
  /** The options it ran with (epochs, base, backend, seed, batchSize, unfreezeTop, patience, headEpochs, learningRate, vocabSize). */
  options: Scalars['JSON']['output'];
  /** The run's folder (model/, metrics.json, training-curves.png). */
  path: Scalars['String']['output'];
  state: ExportState;
  /** image-classification | image-caption-contrastive | audio-keywords | text-lm */
  task: Scalars['String']['output'];
};

export type UpdateItemInput = {
  branch?: InputMaybe<Scalars['String']['input']>;
  dataset: Scalars['ID']['input'];
  /** The revision the client last saw; a stale one fails with CONFLICT and changes nothing. */
  expectedRevision: Scalars['String']['input'];
  key: Scalars['String']['input'];
  patch: ItemPatch;
};

export type UpdateItemPayload = {
  __typename?: 'UpdateItemPayload';
  item: Item;
};

export type ValueCount = {
  __typename?: 'ValueCount';
  count: Scalars['Int']['output'];
  value: Scalars['String']['output'];
};

export type Version = Node & {
  __typename?: 'Version';
  author: Scalars['String']['output'];
  /** Item keys added, modified or removed by this commit. */
  changeCount: Scalars['Int']['output'];
  /** The coverage spec version in force when this was committed (0: the modality's defaults). */
  coverageSpecVersion: Scalars['Int']['output'];
  createdAt: Scalars['String']['output'];
  /** Digest of the version's content: identical item sets give identical hashes. */
  hash: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  itemCount: Scalars['Int']['output'];
  message: Scalars['String']['output'];
  parent?: Maybe<Version>;
  /** The quality policy version in force when this was committed (its items are read with those scores). */
  qualityPolicyVersion: Scalars['Int']['output'];
  tags: Array<Scalars['String']['output']>;
};

export type VersionConnection = {
  __typename?: 'VersionConnection';
  edges: Array<VersionEdge>;
  nodes: Array<Version>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type VersionEdge = {
  __typename?: 'VersionEdge';
  cursor: Scalars['String']['output'];
  node: Version;
};

export type Viewer = {
  __typename?: 'Viewer';
  name: Scalars['String']['output'];
  role: Scalars['String']['output'];
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;




/** Mapping of interface types */
export type ResolversInterfaceTypes<_RefType extends Record<string, unknown>> = ResolversObject<{
  Item:
    | ( ItemModel )
    | ( ItemModel )
    | ( ItemModel )
  ;
  Node:
    | ( ApiTokenModel )
    | ( ItemModel )
    | ( AugmentPlanModel )
    | ( DatasetModel )
    | ( ExportRow )
    | ( ItemModel )
    | ( JobModel )
    | ( ItemModel )
    | ( TrainingRunRow )
    | ( VersionModel )
  ;
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AddItemsInput: AddItemsInput;
  AddItemsPayload: ResolverTypeWrapper<Omit<AddItemsPayload, 'items' | 'scoreJob'> & { items: Array<ResolversTypes['Item']>, scoreJob?: Maybe<ResolversTypes['Job']> }>;
  ApiToken: ResolverTypeWrapper<ApiTokenModel>;
  AttributeValueCount: ResolverTypeWrapper<AttributeValueCount>;
  AudioTranscript: ResolverTypeWrapper<ItemModel>;
  Audit: ResolverTypeWrapper<AuditModel>;
  AuditDiff: ResolverTypeWrapper<AuditDiffModel>;
  AugmentChainInput: AugmentChainInput;
  AugmentInput: AugmentInput;
  AugmentOpInput: AugmentOpInput;
  AugmentPayload: ResolverTypeWrapper<Omit<AugmentPayload, 'job'> & { job: ResolversTypes['Job'] }>;
  AugmentPlan: ResolverTypeWrapper<AugmentPlanModel>;
  AugmentPlanSource: ResolverTypeWrapper<AugmentPlanSource>;
  Augmentation: ResolverTypeWrapper<Augmentation>;
  AugmentationOp: ResolverTypeWrapper<AugmentationOp>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Branch: ResolverTypeWrapper<BranchModel>;
  CancelJobInput: CancelJobInput;
  CancelJobPayload: ResolverTypeWrapper<Omit<CancelJobPayload, 'job'> & { job: ResolversTypes['Job'] }>;
  ChangeKind: ChangeKind;
  CommitInput: CommitInput;
  CommitPayload: ResolverTypeWrapper<Omit<CommitPayload, 'version'> & { version: ResolversTypes['Version'] }>;
  Coverage: ResolverTypeWrapper<CoverageModel>;
  CoverageAxis: ResolverTypeWrapper<CoverageAxis>;
  CoverageBucket: ResolverTypeWrapper<CoverageBucket>;
  CoverageCell: ResolverTypeWrapper<CoverageCell>;
  CoveragePair: ResolverTypeWrapper<CoveragePair>;
  CoverageSpecVersion: ResolverTypeWrapper<CoverageSpecVersionModel>;
  CreateApiTokenInput: CreateApiTokenInput;
  CreateApiTokenPayload: ResolverTypeWrapper<Omit<CreateApiTokenPayload, 'apiToken'> & { apiToken: ResolversTypes['ApiToken'] }>;
  CreateBranchInput: CreateBranchInput;
  CreateBranchPayload: ResolverTypeWrapper<Omit<CreateBranchPayload, 'branch'> & { branch: ResolversTypes['Branch'] }>;
  CreateDatasetInput: CreateDatasetInput;
  CreateDatasetPayload: ResolverTypeWrapper<Omit<CreateDatasetPayload, 'dataset'> & { dataset: ResolversTypes['Dataset'] }>;
  CreateExportInput: CreateExportInput;
  CreateExportPayload: ResolverTypeWrapper<Omit<CreateExportPayload, 'export' | 'job'> & { export: ResolversTypes['Export'], job: ResolversTypes['Job'] }>;
  Dataset: ResolverTypeWrapper<DatasetModel>;
  DatasetConnection: ResolverTypeWrapper<DatasetConnectionModel>;
  DatasetEdge: ResolverTypeWrapper<Omit<DatasetEdge, 'node'> & { node: ResolversTypes['Dataset'] }>;
  DeleteBranchInput: DeleteBranchInput;
  DeleteBranchPayload: ResolverTypeWrapper<DeleteBranchPayload>;
  DeleteDatasetInput: DeleteDatasetInput;
  DeleteDatasetPayload: ResolverTypeWrapper<DeleteDatasetPayload>;
  DiscardChangesInput: DiscardChangesInput;
  DiscardChangesPayload: ResolverTypeWrapper<Omit<DiscardChangesPayload, 'branch'> & { branch: ResolversTypes['Branch'] }>;
  DuplicateCluster: ResolverTypeWrapper<DuplicateClusterModel>;
  DuplicateClusterConnection: ResolverTypeWrapper<DuplicateClusterConnectionModel>;
  DuplicateClusterEdge: ResolverTypeWrapper<Omit<DuplicateClusterEdge, 'node'> & { node: ResolversTypes['DuplicateCluster'] }>;
  DuplicateKind: DuplicateKind;
  ExpectedCoverage: ResolverTypeWrapper<ExpectedCoverage>;
  Export: ResolverTypeWrapper<ExportRow>;
  ExportConnection: ResolverTypeWrapper<ExportConnectionModel>;
  ExportEdge: ResolverTypeWrapper<Omit<ExportEdge, 'node'> & { node: ResolversTypes['Export'] }>;
  ExportFilterInput: ExportFilterInput;
  ExportFormat: ExportFormat;
  ExportSpecInput: ExportSpecInput;
  ExportSplitCount: ResolverTypeWrapper<ExportSplitCount>;
  ExportSplitInput: ExportSplitInput;
  ExportState: ExportState;
  ExportTargetInput: ExportTargetInput;
  ExportViolationAction: ExportViolationAction;
  Family: ResolverTypeWrapper<FamilyModel>;
  FamilyConnection: ResolverTypeWrapper<FamilyConnectionModel>;
  FamilyEdge: ResolverTypeWrapper<Omit<FamilyEdge, 'node'> & { node: ResolversTypes['Family'] }>;
  FineTuningTask: ResolverTypeWrapper<TaskEntry>;
  FlagCount: ResolverTypeWrapper<FlagCount>;
  FlagCountDelta: ResolverTypeWrapper<FlagCountDelta>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  ImageCaption: ResolverTypeWrapper<ItemModel>;
  ImportFormat: ImportFormat;
  ImportItemsInput: ImportItemsInput;
  ImportItemsPayload: ResolverTypeWrapper<Omit<ImportItemsPayload, 'job'> & { job: ResolversTypes['Job'] }>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Item: ResolverTypeWrapper<ItemModel>;
  ItemChange: ResolverTypeWrapper<ItemChangeModel>;
  ItemChangeConnection: ResolverTypeWrapper<ItemChangeConnectionModel>;
  ItemChangeEdge: ResolverTypeWrapper<Omit<ItemChangeEdge, 'node'> & { node: ResolversTypes['ItemChange'] }>;
  ItemConnection: ResolverTypeWrapper<ItemConnectionModel>;
  ItemEdge: ResolverTypeWrapper<Omit<ItemEdge, 'node'> & { node: ResolversTypes['Item'] }>;
  ItemEvent: ResolverTypeWrapper<ItemEventModel>;
  ItemEventConnection: ResolverTypeWrapper<ItemEventConnectionModel>;
  ItemEventEdge: ResolverTypeWrapper<Omit<ItemEventEdge, 'node'> & { node: ResolversTypes['ItemEvent'] }>;
  ItemFilter: ItemFilter;
  ItemInput: ItemInput;
  ItemPatch: ItemPatch;
  ItemRef: ResolverTypeWrapper<ItemRef>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Job: ResolverTypeWrapper<JobModel>;
  JobError: ResolverTypeWrapper<JobErrorModel>;
  JobState: JobState;
  LabelCoverage: ResolverTypeWrapper<LabelCoverageModel>;
  LabelStatus: LabelStatus;
  LengthStats: ResolverTypeWrapper<LengthStats>;
  Media: ResolverTypeWrapper<MediaModel>;
  Modality: Modality;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Node: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['Node']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PlanAugmentationInput: PlanAugmentationInput;
  PlanAugmentationPayload: ResolverTypeWrapper<Omit<PlanAugmentationPayload, 'plan'> & { plan: ResolversTypes['AugmentPlan'] }>;
  Quality: ResolverTypeWrapper<QualityModel>;
  QualityFlag: QualityFlag;
  QualityPolicyVersion: ResolverTypeWrapper<PolicyVersionModel>;
  Quantiles: ResolverTypeWrapper<Quantiles>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Readiness: ResolverTypeWrapper<Readiness>;
  RemoveItemsInput: RemoveItemsInput;
  RemoveItemsPayload: ResolverTypeWrapper<RemoveItemsPayload>;
  RestoreInput: RestoreInput;
  RestorePayload: ResolverTypeWrapper<Omit<RestorePayload, 'version'> & { version: ResolversTypes['Version'] }>;
  RevokeApiTokenInput: RevokeApiTokenInput;
  RevokeApiTokenPayload: ResolverTypeWrapper<Omit<RevokeApiTokenPayload, 'apiToken'> & { apiToken: ResolversTypes['ApiToken'] }>;
  SetCoverageSpecInput: SetCoverageSpecInput;
  SetCoverageSpecPayload: ResolverTypeWrapper<Omit<SetCoverageSpecPayload, 'dataset'> & { dataset: ResolversTypes['Dataset'] }>;
  SetQualityPolicyInput: SetQualityPolicyInput;
  SetQualityPolicyPayload: ResolverTypeWrapper<Omit<SetQualityPolicyPayload, 'dataset' | 'job'> & { dataset: ResolversTypes['Dataset'], job: ResolversTypes['Job'] }>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Tag: ResolverTypeWrapper<TagModel>;
  TagVersionInput: TagVersionInput;
  TagVersionPayload: ResolverTypeWrapper<Omit<TagVersionPayload, 'version'> & { version: ResolversTypes['Version'] }>;
  TextPair: ResolverTypeWrapper<ItemModel>;
  TrainExportInput: TrainExportInput;
  TrainExportPayload: ResolverTypeWrapper<Omit<TrainExportPayload, 'job' | 'run'> & { job: ResolversTypes['Job'], run: ResolversTypes['TrainingRun'] }>;
  TrainingRun: ResolverTypeWrapper<TrainingRunRow>;
  UpdateItemInput: UpdateItemInput;
  UpdateItemPayload: ResolverTypeWrapper<Omit<UpdateItemPayload, 'item'> & { item: ResolversTypes['Item'] }>;
  ValueCount: ResolverTypeWrapper<ValueCount>;
  Version: ResolverTypeWrapper<VersionModel>;
  VersionConnection: ResolverTypeWrapper<VersionConnectionModel>;
  VersionEdge: ResolverTypeWrapper<Omit<VersionEdge, 'node'> & { node: ResolversTypes['Version'] }>;
  Viewer: ResolverTypeWrapper<Actor>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AddItemsInput: AddItemsInput;
  AddItemsPayload: Omit<AddItemsPayload, 'items' | 'scoreJob'> & { items: Array<ResolversParentTypes['Item']>, scoreJob?: Maybe<ResolversParentTypes['Job']> };
  ApiToken: ApiTokenModel;
  AttributeValueCount: AttributeValueCount;
  AudioTranscript: ItemModel;
  Audit: AuditModel;
  AuditDiff: AuditDiffModel;
  AugmentChainInput: AugmentChainInput;
  AugmentInput: AugmentInput;
  AugmentOpInput: AugmentOpInput;
  AugmentPayload: Omit<AugmentPayload, 'job'> & { job: ResolversParentTypes['Job'] };
  AugmentPlan: AugmentPlanModel;
  AugmentPlanSource: AugmentPlanSource;
  Augmentation: Augmentation;
  AugmentationOp: AugmentationOp;
  Boolean: Scalars['Boolean']['output'];
  Branch: BranchModel;
  CancelJobInput: CancelJobInput;
  CancelJobPayload: Omit<CancelJobPayload, 'job'> & { job: ResolversParentTypes['Job'] };
  CommitInput: CommitInput;
  CommitPayload: Omit<CommitPayload, 'version'> & { version: ResolversParentTypes['Version'] };
  Coverage: CoverageModel;
  CoverageAxis: CoverageAxis;
  CoverageBucket: CoverageBucket;
  CoverageCell: CoverageCell;
  CoveragePair: CoveragePair;
  CoverageSpecVersion: CoverageSpecVersionModel;
  CreateApiTokenInput: CreateApiTokenInput;
  CreateApiTokenPayload: Omit<CreateApiTokenPayload, 'apiToken'> & { apiToken: ResolversParentTypes['ApiToken'] };
  CreateBranchInput: CreateBranchInput;
  CreateBranchPayload: Omit<CreateBranchPayload, 'branch'> & { branch: ResolversParentTypes['Branch'] };
  CreateDatasetInput: CreateDatasetInput;
  CreateDatasetPayload: Omit<CreateDatasetPayload, 'dataset'> & { dataset: ResolversParentTypes['Dataset'] };
  CreateExportInput: CreateExportInput;
  CreateExportPayload: Omit<CreateExportPayload, 'export' | 'job'> & { export: ResolversParentTypes['Export'], job: ResolversParentTypes['Job'] };
  Dataset: DatasetModel;
  DatasetConnection: DatasetConnectionModel;
  DatasetEdge: Omit<DatasetEdge, 'node'> & { node: ResolversParentTypes['Dataset'] };
  DeleteBranchInput: DeleteBranchInput;
  DeleteBranchPayload: DeleteBranchPayload;
  DeleteDatasetInput: DeleteDatasetInput;
  DeleteDatasetPayload: DeleteDatasetPayload;
  DiscardChangesInput: DiscardChangesInput;
  DiscardChangesPayload: Omit<DiscardChangesPayload, 'branch'> & { branch: ResolversParentTypes['Branch'] };
  DuplicateCluster: DuplicateClusterModel;
  DuplicateClusterConnection: DuplicateClusterConnectionModel;
  DuplicateClusterEdge: Omit<DuplicateClusterEdge, 'node'> & { node: ResolversParentTypes['DuplicateCluster'] };
  ExpectedCoverage: ExpectedCoverage;
  Export: ExportRow;
  ExportConnection: ExportConnectionModel;
  ExportEdge: Omit<ExportEdge, 'node'> & { node: ResolversParentTypes['Export'] };
  ExportFilterInput: ExportFilterInput;
  ExportSpecInput: ExportSpecInput;
  ExportSplitCount: ExportSplitCount;
  ExportSplitInput: ExportSplitInput;
  ExportTargetInput: ExportTargetInput;
  Family: FamilyModel;
  FamilyConnection: FamilyConnectionModel;
  FamilyEdge: Omit<FamilyEdge, 'node'> & { node: ResolversParentTypes['Family'] };
  FineTuningTask: TaskEntry;
  FlagCount: FlagCount;
  FlagCountDelta: FlagCountDelta;
  Float: Scalars['Float']['output'];
  ID: Scalars['ID']['output'];
  ImageCaption: ItemModel;
  ImportItemsInput: ImportItemsInput;
  ImportItemsPayload: Omit<ImportItemsPayload, 'job'> & { job: ResolversParentTypes['Job'] };
  Int: Scalars['Int']['output'];
  Item: ItemModel;
  ItemChange: ItemChangeModel;
  ItemChangeConnection: ItemChangeConnectionModel;
  ItemChangeEdge: Omit<ItemChangeEdge, 'node'> & { node: ResolversParentTypes['ItemChange'] };
  ItemConnection: ItemConnectionModel;
  ItemEdge: Omit<ItemEdge, 'node'> & { node: ResolversParentTypes['Item'] };
  ItemEvent: ItemEventModel;
  ItemEventConnection: ItemEventConnectionModel;
  ItemEventEdge: Omit<ItemEventEdge, 'node'> & { node: ResolversParentTypes['ItemEvent'] };
  ItemFilter: ItemFilter;
  ItemInput: ItemInput;
  ItemPatch: ItemPatch;
  ItemRef: ItemRef;
  JSON: Scalars['JSON']['output'];
  Job: JobModel;
  JobError: JobErrorModel;
  LabelCoverage: LabelCoverageModel;
  LengthStats: LengthStats;
  Media: MediaModel;
  Mutation: Record<PropertyKey, never>;
  Node: ResolversInterfaceTypes<ResolversParentTypes>['Node'];
  PageInfo: PageInfo;
  PlanAugmentationInput: PlanAugmentationInput;
  PlanAugmentationPayload: Omit<PlanAugmentationPayload, 'plan'> & { plan: ResolversParentTypes['AugmentPlan'] };
  Quality: QualityModel;
  QualityPolicyVersion: PolicyVersionModel;
  Quantiles: Quantiles;
  Query: Record<PropertyKey, never>;
  Readiness: Readiness;
  RemoveItemsInput: RemoveItemsInput;
  RemoveItemsPayload: RemoveItemsPayload;
  RestoreInput: RestoreInput;
  RestorePayload: Omit<RestorePayload, 'version'> & { version: ResolversParentTypes['Version'] };
  RevokeApiTokenInput: RevokeApiTokenInput;
  RevokeApiTokenPayload: Omit<RevokeApiTokenPayload, 'apiToken'> & { apiToken: ResolversParentTypes['ApiToken'] };
  SetCoverageSpecInput: SetCoverageSpecInput;
  SetCoverageSpecPayload: Omit<SetCoverageSpecPayload, 'dataset'> & { dataset: ResolversParentTypes['Dataset'] };
  SetQualityPolicyInput: SetQualityPolicyInput;
  SetQualityPolicyPayload: Omit<SetQualityPolicyPayload, 'dataset' | 'job'> & { dataset: ResolversParentTypes['Dataset'], job: ResolversParentTypes['Job'] };
  String: Scalars['String']['output'];
  Tag: TagModel;
  TagVersionInput: TagVersionInput;
  TagVersionPayload: Omit<TagVersionPayload, 'version'> & { version: ResolversParentTypes['Version'] };
  TextPair: ItemModel;
  TrainExportInput: TrainExportInput;
  TrainExportPayload: Omit<TrainExportPayload, 'job' | 'run'> & { job: ResolversParentTypes['Job'], run: ResolversParentTypes['TrainingRun'] };
  TrainingRun: TrainingRunRow;
  UpdateItemInput: UpdateItemInput;
  UpdateItemPayload: Omit<UpdateItemPayload, 'item'> & { item: ResolversParentTypes['Item'] };
  ValueCount: ValueCount;
  Version: VersionModel;
  VersionConnection: VersionConnectionModel;
  VersionEdge: Omit<VersionEdge, 'node'> & { node: ResolversParentTypes['Version'] };
  Viewer: Actor;
}>;

export type AddItemsPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AddItemsPayload'] = ResolversParentTypes['AddItemsPayload']> = ResolversObject<{
  items?: Resolver<Array<ResolversTypes['Item']>, ParentType, ContextType>;
  scoreJob?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType>;
}>;

export type ApiTokenResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ApiToken'] = ResolversParentTypes['ApiToken']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  prefix?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revokedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type AttributeValueCountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AttributeValueCount'] = ResolversParentTypes['AttributeValueCount']> = ResolversObject<{
  attribute?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
}>;

export type AudioTranscriptResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AudioTranscript'] = ResolversParentTypes['AudioTranscript']> = ResolversObject<{
  attributes?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  audio?: Resolver<ResolversTypes['Media'], ParentType, ContextType>;
  augmentation?: Resolver<Maybe<ResolversTypes['Augmentation']>, ParentType, ContextType>;
  derivedFrom?: Resolver<Maybe<ResolversTypes['ItemRef']>, ParentType, ContextType>;
  family?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  history?: Resolver<ResolversTypes['ItemEventConnection'], ParentType, ContextType, RequireFields<AudioTranscriptHistoryArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  quality?: Resolver<Maybe<ResolversTypes['Quality']>, ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['LabelStatus'], ParentType, ContextType>;
  transcript?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type AuditResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Audit'] = ResolversParentTypes['Audit']> = ResolversObject<{
  attributeCounts?: Resolver<Array<ResolversTypes['AttributeValueCount']>, ParentType, ContextType>;
  audioHours?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  duplicateClusterCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  durationSeconds?: Resolver<Maybe<ResolversTypes['Quantiles']>, ParentType, ContextType>;
  flagCounts?: Resolver<Array<ResolversTypes['FlagCount']>, ParentType, ContextType>;
  imageHeight?: Resolver<Maybe<ResolversTypes['Quantiles']>, ParentType, ContextType>;
  imageWidth?: Resolver<Maybe<ResolversTypes['Quantiles']>, ParentType, ContextType>;
  imbalanceRatio?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  itemCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  labelCounts?: Resolver<Array<ResolversTypes['ValueCount']>, ParentType, ContextType>;
  lengths?: Resolver<Array<ResolversTypes['LengthStats']>, ParentType, ContextType>;
  meanScore?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  policyVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  readiness?: Resolver<ResolversTypes['Readiness'], ParentType, ContextType>;
  redundantItemCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  ref?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  scoreHistogram?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  scoredCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type AuditDiffResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuditDiff'] = ResolversParentTypes['AuditDiff']> = ResolversObject<{
  duplicateClusterDelta?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  flagCountDeltas?: Resolver<Array<ResolversTypes['FlagCountDelta']>, ParentType, ContextType>;
  from?: Resolver<ResolversTypes['Audit'], ParentType, ContextType>;
  itemCountDelta?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  meanScoreDelta?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  readinessChanged?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['Audit'], ParentType, ContextType>;
}>;

export type AugmentPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AugmentPayload'] = ResolversParentTypes['AugmentPayload']> = ResolversObject<{
  job?: Resolver<ResolversTypes['Job'], ParentType, ContextType>;
}>;

export type AugmentPlanResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AugmentPlan'] = ResolversParentTypes['AugmentPlan']> = ResolversObject<{
  axes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expectedCoverage?: Resolver<ResolversTypes['ExpectedCoverage'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  minPerCell?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  recipe?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  ref?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sourceCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sources?: Resolver<Array<ResolversTypes['AugmentPlanSource']>, ParentType, ContextType>;
  unfillable?: Resolver<Array<ResolversTypes['CoverageCell']>, ParentType, ContextType>;
  version?: Resolver<Maybe<ResolversTypes['Version']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type AugmentPlanSourceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AugmentPlanSource'] = ResolversParentTypes['AugmentPlanSource']> = ResolversObject<{
  chain?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  fills?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type AugmentationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Augmentation'] = ResolversParentTypes['Augmentation']> = ResolversObject<{
  chain?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  copy?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  ops?: Resolver<Array<ResolversTypes['AugmentationOp']>, ParentType, ContextType>;
  plan?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  seed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type AugmentationOpResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AugmentationOp'] = ResolversParentTypes['AugmentationOp']> = ResolversObject<{
  modelFree?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  op?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  params?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
}>;

export type BranchResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Branch'] = ResolversParentTypes['Branch']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  head?: Resolver<Maybe<ResolversTypes['Version']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  uncommittedChanges?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type CancelJobPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CancelJobPayload'] = ResolversParentTypes['CancelJobPayload']> = ResolversObject<{
  job?: Resolver<ResolversTypes['Job'], ParentType, ContextType>;
}>;

export type CommitPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CommitPayload'] = ResolversParentTypes['CommitPayload']> = ResolversObject<{
  version?: Resolver<ResolversTypes['Version'], ParentType, ContextType>;
}>;

export type CoverageResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Coverage'] = ResolversParentTypes['Coverage']> = ResolversObject<{
  axes?: Resolver<Array<ResolversTypes['CoverageAxis']>, ParentType, ContextType>;
  itemCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  minPerCell?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  missing?: Resolver<Array<ResolversTypes['CoverageCell']>, ParentType, ContextType, RequireFields<CoverageMissingArgs, 'first'>>;
  missingCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  pairs?: Resolver<Array<ResolversTypes['CoveragePair']>, ParentType, ContextType>;
  perLabel?: Resolver<Maybe<Array<ResolversTypes['LabelCoverage']>>, ParentType, ContextType>;
  ref?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  specVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type CoverageAxisResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CoverageAxis'] = ResolversParentTypes['CoverageAxis']> = ResolversObject<{
  buckets?: Resolver<Array<ResolversTypes['CoverageBucket']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type CoverageBucketResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CoverageBucket'] = ResolversParentTypes['CoverageBucket']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  share?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type CoverageCellResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CoverageCell'] = ResolversParentTypes['CoverageCell']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  values?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type CoveragePairResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CoveragePair'] = ResolversParentTypes['CoveragePair']> = ResolversObject<{
  axes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  cells?: Resolver<Array<ResolversTypes['CoverageCell']>, ParentType, ContextType>;
}>;

export type CoverageSpecVersionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CoverageSpecVersion'] = ResolversParentTypes['CoverageSpecVersion']> = ResolversObject<{
  createdAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  spec?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type CreateApiTokenPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreateApiTokenPayload'] = ResolversParentTypes['CreateApiTokenPayload']> = ResolversObject<{
  apiToken?: Resolver<ResolversTypes['ApiToken'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type CreateBranchPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreateBranchPayload'] = ResolversParentTypes['CreateBranchPayload']> = ResolversObject<{
  branch?: Resolver<ResolversTypes['Branch'], ParentType, ContextType>;
}>;

export type CreateDatasetPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreateDatasetPayload'] = ResolversParentTypes['CreateDatasetPayload']> = ResolversObject<{
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
}>;

export type CreateExportPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CreateExportPayload'] = ResolversParentTypes['CreateExportPayload']> = ResolversObject<{
  export?: Resolver<ResolversTypes['Export'], ParentType, ContextType>;
  job?: Resolver<ResolversTypes['Job'], ParentType, ContextType>;
}>;

export type DatasetResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Dataset'] = ResolversParentTypes['Dataset']> = ResolversObject<{
  audit?: Resolver<ResolversTypes['Audit'], ParentType, ContextType, RequireFields<DatasetAuditArgs, 'ref'>>;
  auditDiff?: Resolver<ResolversTypes['AuditDiff'], ParentType, ContextType, RequireFields<DatasetAuditDiffArgs, 'from' | 'to'>>;
  augmentPlans?: Resolver<Array<ResolversTypes['AugmentPlan']>, ParentType, ContextType, RequireFields<DatasetAugmentPlansArgs, 'first'>>;
  branch?: Resolver<Maybe<ResolversTypes['Branch']>, ParentType, ContextType, RequireFields<DatasetBranchArgs, 'name'>>;
  branches?: Resolver<Array<ResolversTypes['Branch']>, ParentType, ContextType>;
  coverage?: Resolver<ResolversTypes['Coverage'], ParentType, ContextType, RequireFields<DatasetCoverageArgs, 'byLabel' | 'minPerCell' | 'ref'>>;
  coverageSpec?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  coverageSpecVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  coverageSpecs?: Resolver<Array<ResolversTypes['CoverageSpecVersion']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  diff?: Resolver<ResolversTypes['ItemChangeConnection'], ParentType, ContextType, RequireFields<DatasetDiffArgs, 'first' | 'from' | 'to'>>;
  duplicateClusters?: Resolver<ResolversTypes['DuplicateClusterConnection'], ParentType, ContextType, RequireFields<DatasetDuplicateClustersArgs, 'first' | 'ref'>>;
  exports?: Resolver<ResolversTypes['ExportConnection'], ParentType, ContextType, RequireFields<DatasetExportsArgs, 'first'>>;
  families?: Resolver<ResolversTypes['FamilyConnection'], ParentType, ContextType, RequireFields<DatasetFamiliesArgs, 'first' | 'minSize' | 'ref'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  item?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType, RequireFields<DatasetItemArgs, 'key' | 'ref'>>;
  itemHistory?: Resolver<ResolversTypes['ItemEventConnection'], ParentType, ContextType, RequireFields<DatasetItemHistoryArgs, 'first' | 'key'>>;
  items?: Resolver<ResolversTypes['ItemConnection'], ParentType, ContextType, RequireFields<DatasetItemsArgs, 'first' | 'ref'>>;
  modality?: Resolver<ResolversTypes['Modality'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  qualityPolicies?: Resolver<Array<ResolversTypes['QualityPolicyVersion']>, ParentType, ContextType>;
  qualityPolicy?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  qualityPolicyVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['Tag']>, ParentType, ContextType>;
  targetLanguage?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  targetTask?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  version?: Resolver<Maybe<ResolversTypes['Version']>, ParentType, ContextType, RequireFields<DatasetVersionArgs, 'ref'>>;
  versions?: Resolver<ResolversTypes['VersionConnection'], ParentType, ContextType, RequireFields<DatasetVersionsArgs, 'branch' | 'first'>>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type DatasetConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DatasetConnection'] = ResolversParentTypes['DatasetConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['DatasetEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Dataset']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type DatasetEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DatasetEdge'] = ResolversParentTypes['DatasetEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
}>;

export type DeleteBranchPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DeleteBranchPayload'] = ResolversParentTypes['DeleteBranchPayload']> = ResolversObject<{
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type DeleteDatasetPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DeleteDatasetPayload'] = ResolversParentTypes['DeleteDatasetPayload']> = ResolversObject<{
  deletedDatasetId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type DiscardChangesPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DiscardChangesPayload'] = ResolversParentTypes['DiscardChangesPayload']> = ResolversObject<{
  branch?: Resolver<ResolversTypes['Branch'], ParentType, ContextType>;
  discardedCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type DuplicateClusterResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DuplicateCluster'] = ResolversParentTypes['DuplicateCluster']> = ResolversObject<{
  keys?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['DuplicateKind'], ParentType, ContextType>;
  maxDistance?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  members?: Resolver<Array<ResolversTypes['Item']>, ParentType, ContextType, RequireFields<DuplicateClusterMembersArgs, 'first'>>;
  minSimilarity?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  representative?: Resolver<ResolversTypes['Item'], ParentType, ContextType>;
  size?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type DuplicateClusterConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DuplicateClusterConnection'] = ResolversParentTypes['DuplicateClusterConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['DuplicateClusterEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['DuplicateCluster']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type DuplicateClusterEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['DuplicateClusterEdge'] = ResolversParentTypes['DuplicateClusterEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['DuplicateCluster'], ParentType, ContextType>;
}>;

export type ExpectedCoverageResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ExpectedCoverage'] = ResolversParentTypes['ExpectedCoverage']> = ResolversObject<{
  missing?: Resolver<Array<ResolversTypes['CoverageCell']>, ParentType, ContextType>;
  missingBefore?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  newItems?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  scoreBefore?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type ExportResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Export'] = ResolversParentTypes['Export']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  fingerprint?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  formats?: Resolver<Array<ResolversTypes['ExportFormat']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType>;
  manifest?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  report?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  spec?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  splits?: Resolver<Array<ResolversTypes['ExportSplitCount']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['ExportState'], ParentType, ContextType>;
  trainingRuns?: Resolver<Array<ResolversTypes['TrainingRun']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Version'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ExportConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ExportConnection'] = ResolversParentTypes['ExportConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ExportEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Export']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ExportEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ExportEdge'] = ResolversParentTypes['ExportEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Export'], ParentType, ContextType>;
}>;

export type ExportSplitCountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ExportSplitCount'] = ResolversParentTypes['ExportSplitCount']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type FamilyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Family'] = ResolversParentTypes['Family']> = ResolversObject<{
  derivedCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  keys?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType, RequireFields<FamilyKeysArgs, 'first'>>;
  size?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type FamilyConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FamilyConnection'] = ResolversParentTypes['FamilyConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['FamilyEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Family']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type FamilyEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FamilyEdge'] = ResolversParentTypes['FamilyEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Family'], ParentType, ContextType>;
}>;

export type FineTuningTaskResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FineTuningTask'] = ResolversParentTypes['FineTuningTask']> = ResolversObject<{
  gpuMemoryGB?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  gpuMemoryGB4bit?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  minimum?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  modality?: Resolver<ResolversTypes['Modality'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type FlagCountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlagCount'] = ResolversParentTypes['FlagCount']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  flag?: Resolver<ResolversTypes['QualityFlag'], ParentType, ContextType>;
}>;

export type FlagCountDeltaResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['FlagCountDelta'] = ResolversParentTypes['FlagCountDelta']> = ResolversObject<{
  delta?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  flag?: Resolver<ResolversTypes['QualityFlag'], ParentType, ContextType>;
  from?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ImageCaptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImageCaption'] = ResolversParentTypes['ImageCaption']> = ResolversObject<{
  attributes?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  augmentation?: Resolver<Maybe<ResolversTypes['Augmentation']>, ParentType, ContextType>;
  caption?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  derivedFrom?: Resolver<Maybe<ResolversTypes['ItemRef']>, ParentType, ContextType>;
  family?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  history?: Resolver<ResolversTypes['ItemEventConnection'], ParentType, ContextType, RequireFields<ImageCaptionHistoryArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  image?: Resolver<ResolversTypes['Media'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  quality?: Resolver<Maybe<ResolversTypes['Quality']>, ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['LabelStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type ImportItemsPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImportItemsPayload'] = ResolversParentTypes['ImportItemsPayload']> = ResolversObject<{
  job?: Resolver<ResolversTypes['Job'], ParentType, ContextType>;
}>;

export type ItemResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Item'] = ResolversParentTypes['Item']> = ResolversObject<{
  __resolveType: TypeResolveFn<'AudioTranscript' | 'ImageCaption' | 'TextPair', ParentType, ContextType>;
}>;

export type ItemChangeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ItemChange'] = ResolversParentTypes['ItemChange']> = ResolversObject<{
  after?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType>;
  before?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType>;
  changedFields?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ChangeKind'], ParentType, ContextType>;
}>;

export type ItemChangeConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ItemChangeConnection'] = ResolversParentTypes['ItemChangeConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ItemChangeEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['ItemChange']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ItemChangeEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ItemChangeEdge'] = ResolversParentTypes['ItemChangeEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['ItemChange'], ParentType, ContextType>;
}>;

export type ItemConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ItemConnection'] = ResolversParentTypes['ItemConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ItemEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Item']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ItemEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ItemEdge'] = ResolversParentTypes['ItemEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Item'], ParentType, ContextType>;
}>;

export type ItemEventResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ItemEvent'] = ResolversParentTypes['ItemEvent']> = ResolversObject<{
  actor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  branch?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  changedFields?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  item?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['ChangeKind'], ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ItemEventConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ItemEventConnection'] = ResolversParentTypes['ItemEventConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ItemEventEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['ItemEvent']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ItemEventEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ItemEventEdge'] = ResolversParentTypes['ItemEventEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['ItemEvent'], ParentType, ContextType>;
}>;

export type ItemRefResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ItemRef'] = ResolversParentTypes['ItemRef']> = ResolversObject<{
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type JobResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Job'] = ResolversParentTypes['Job']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  dataset?: Resolver<Maybe<ResolversTypes['Dataset']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  errors?: Resolver<Array<ResolversTypes['JobError']>, ParentType, ContextType, RequireFields<JobErrorsArgs, 'first'>>;
  failed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  processed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  result?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['JobState'], ParentType, ContextType>;
  total?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type JobErrorResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['JobError'] = ResolversParentTypes['JobError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  file?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  row?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type LabelCoverageResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LabelCoverage'] = ResolversParentTypes['LabelCoverage']> = ResolversObject<{
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  missing?: Resolver<Array<ResolversTypes['CoverageCell']>, ParentType, ContextType, RequireFields<LabelCoverageMissingArgs, 'first'>>;
  missingCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type LengthStatsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LengthStats'] = ResolversParentTypes['LengthStats']> = ResolversObject<{
  approxTokens?: Resolver<ResolversTypes['Quantiles'], ParentType, ContextType>;
  chars?: Resolver<ResolversTypes['Quantiles'], ParentType, ContextType>;
  field?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type MediaResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Media'] = ResolversParentTypes['Media']> = ResolversObject<{
  byteSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  channels?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  durationSeconds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  height?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  mimeType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sampleRate?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  sha256?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  width?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  addItems?: Resolver<ResolversTypes['AddItemsPayload'], ParentType, ContextType, RequireFields<MutationAddItemsArgs, 'input'>>;
  augment?: Resolver<ResolversTypes['AugmentPayload'], ParentType, ContextType, RequireFields<MutationAugmentArgs, 'input'>>;
  cancelJob?: Resolver<ResolversTypes['CancelJobPayload'], ParentType, ContextType, RequireFields<MutationCancelJobArgs, 'input'>>;
  commit?: Resolver<ResolversTypes['CommitPayload'], ParentType, ContextType, RequireFields<MutationCommitArgs, 'input'>>;
  createApiToken?: Resolver<ResolversTypes['CreateApiTokenPayload'], ParentType, ContextType, RequireFields<MutationCreateApiTokenArgs, 'input'>>;
  createBranch?: Resolver<ResolversTypes['CreateBranchPayload'], ParentType, ContextType, RequireFields<MutationCreateBranchArgs, 'input'>>;
  createDataset?: Resolver<ResolversTypes['CreateDatasetPayload'], ParentType, ContextType, RequireFields<MutationCreateDatasetArgs, 'input'>>;
  createExport?: Resolver<ResolversTypes['CreateExportPayload'], ParentType, ContextType, RequireFields<MutationCreateExportArgs, 'input'>>;
  deleteBranch?: Resolver<ResolversTypes['DeleteBranchPayload'], ParentType, ContextType, RequireFields<MutationDeleteBranchArgs, 'input'>>;
  deleteDataset?: Resolver<ResolversTypes['DeleteDatasetPayload'], ParentType, ContextType, RequireFields<MutationDeleteDatasetArgs, 'input'>>;
  discardChanges?: Resolver<ResolversTypes['DiscardChangesPayload'], ParentType, ContextType, RequireFields<MutationDiscardChangesArgs, 'input'>>;
  importItems?: Resolver<ResolversTypes['ImportItemsPayload'], ParentType, ContextType, RequireFields<MutationImportItemsArgs, 'input'>>;
  planAugmentation?: Resolver<ResolversTypes['PlanAugmentationPayload'], ParentType, ContextType, RequireFields<MutationPlanAugmentationArgs, 'input'>>;
  removeItems?: Resolver<ResolversTypes['RemoveItemsPayload'], ParentType, ContextType, RequireFields<MutationRemoveItemsArgs, 'input'>>;
  restore?: Resolver<ResolversTypes['RestorePayload'], ParentType, ContextType, RequireFields<MutationRestoreArgs, 'input'>>;
  revokeApiToken?: Resolver<ResolversTypes['RevokeApiTokenPayload'], ParentType, ContextType, RequireFields<MutationRevokeApiTokenArgs, 'input'>>;
  setCoverageSpec?: Resolver<ResolversTypes['SetCoverageSpecPayload'], ParentType, ContextType, RequireFields<MutationSetCoverageSpecArgs, 'input'>>;
  setQualityPolicy?: Resolver<ResolversTypes['SetQualityPolicyPayload'], ParentType, ContextType, RequireFields<MutationSetQualityPolicyArgs, 'input'>>;
  tagVersion?: Resolver<ResolversTypes['TagVersionPayload'], ParentType, ContextType, RequireFields<MutationTagVersionArgs, 'input'>>;
  trainExport?: Resolver<ResolversTypes['TrainExportPayload'], ParentType, ContextType, RequireFields<MutationTrainExportArgs, 'input'>>;
  updateItem?: Resolver<ResolversTypes['UpdateItemPayload'], ParentType, ContextType, RequireFields<MutationUpdateItemArgs, 'input'>>;
}>;

export type NodeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Node'] = ResolversParentTypes['Node']> = ResolversObject<{
  __resolveType: TypeResolveFn<'ApiToken' | 'AudioTranscript' | 'AugmentPlan' | 'Dataset' | 'Export' | 'ImageCaption' | 'Job' | 'TextPair' | 'TrainingRun' | 'Version', ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PlanAugmentationPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PlanAugmentationPayload'] = ResolversParentTypes['PlanAugmentationPayload']> = ResolversObject<{
  plan?: Resolver<ResolversTypes['AugmentPlan'], ParentType, ContextType>;
}>;

export type QualityResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Quality'] = ResolversParentTypes['Quality']> = ResolversObject<{
  flags?: Resolver<Array<ResolversTypes['QualityFlag']>, ParentType, ContextType>;
  metrics?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  policyVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type QualityPolicyVersionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['QualityPolicyVersion'] = ResolversParentTypes['QualityPolicyVersion']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  policy?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type QuantilesResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Quantiles'] = ResolversParentTypes['Quantiles']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  max?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  mean?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  min?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  p10?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  p50?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  p90?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  apiTokens?: Resolver<Array<ResolversTypes['ApiToken']>, ParentType, ContextType>;
  dataset?: Resolver<Maybe<ResolversTypes['Dataset']>, ParentType, ContextType, RequireFields<QueryDatasetArgs, 'name'>>;
  datasets?: Resolver<ResolversTypes['DatasetConnection'], ParentType, ContextType, RequireFields<QueryDatasetsArgs, 'first'>>;
  fineTuningTasks?: Resolver<Array<ResolversTypes['FineTuningTask']>, ParentType, ContextType>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType, RequireFields<QueryJobArgs, 'id'>>;
  media?: Resolver<Maybe<ResolversTypes['Media']>, ParentType, ContextType, RequireFields<QueryMediaArgs, 'sha256'>>;
  node?: Resolver<Maybe<ResolversTypes['Node']>, ParentType, ContextType, RequireFields<QueryNodeArgs, 'id'>>;
  viewer?: Resolver<ResolversTypes['Viewer'], ParentType, ContextType>;
}>;

export type ReadinessResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Readiness'] = ResolversParentTypes['Readiness']> = ResolversObject<{
  gpuMemoryGB?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  gpuMemoryGB4bit?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  have?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  ok?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  required?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  task?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  taskName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  unit?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type RemoveItemsPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RemoveItemsPayload'] = ResolversParentTypes['RemoveItemsPayload']> = ResolversObject<{
  removedCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type RestorePayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RestorePayload'] = ResolversParentTypes['RestorePayload']> = ResolversObject<{
  version?: Resolver<ResolversTypes['Version'], ParentType, ContextType>;
}>;

export type RevokeApiTokenPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RevokeApiTokenPayload'] = ResolversParentTypes['RevokeApiTokenPayload']> = ResolversObject<{
  apiToken?: Resolver<ResolversTypes['ApiToken'], ParentType, ContextType>;
}>;

export type SetCoverageSpecPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SetCoverageSpecPayload'] = ResolversParentTypes['SetCoverageSpecPayload']> = ResolversObject<{
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  spec?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type SetQualityPolicyPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SetQualityPolicyPayload'] = ResolversParentTypes['SetQualityPolicyPayload']> = ResolversObject<{
  dataset?: Resolver<ResolversTypes['Dataset'], ParentType, ContextType>;
  job?: Resolver<ResolversTypes['Job'], ParentType, ContextType>;
}>;

export type TagResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Tag'] = ResolversParentTypes['Tag']> = ResolversObject<{
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Version'], ParentType, ContextType>;
}>;

export type TagVersionPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TagVersionPayload'] = ResolversParentTypes['TagVersionPayload']> = ResolversObject<{
  version?: Resolver<ResolversTypes['Version'], ParentType, ContextType>;
}>;

export type TextPairResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TextPair'] = ResolversParentTypes['TextPair']> = ResolversObject<{
  attributes?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  augmentation?: Resolver<Maybe<ResolversTypes['Augmentation']>, ParentType, ContextType>;
  derivedFrom?: Resolver<Maybe<ResolversTypes['ItemRef']>, ParentType, ContextType>;
  family?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  history?: Resolver<ResolversTypes['ItemEventConnection'], ParentType, ContextType, RequireFields<TextPairHistoryArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  prompt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quality?: Resolver<Maybe<ResolversTypes['Quality']>, ParentType, ContextType>;
  response?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['LabelStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type TrainExportPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TrainExportPayload'] = ResolversParentTypes['TrainExportPayload']> = ResolversObject<{
  job?: Resolver<ResolversTypes['Job'], ParentType, ContextType>;
  run?: Resolver<ResolversTypes['TrainingRun'], ParentType, ContextType>;
}>;

export type TrainingRunResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TrainingRun'] = ResolversParentTypes['TrainingRun']> = ResolversObject<{
  backend?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  export?: Resolver<ResolversTypes['Export'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType>;
  metrics?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  options?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['ExportState'], ParentType, ContextType>;
  task?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type UpdateItemPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UpdateItemPayload'] = ResolversParentTypes['UpdateItemPayload']> = ResolversObject<{
  item?: Resolver<ResolversTypes['Item'], ParentType, ContextType>;
}>;

export type ValueCountResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ValueCount'] = ResolversParentTypes['ValueCount']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type VersionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Version'] = ResolversParentTypes['Version']> = ResolversObject<{
  author?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  changeCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  coverageSpecVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  itemCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  parent?: Resolver<Maybe<ResolversTypes['Version']>, ParentType, ContextType>;
  qualityPolicyVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type VersionConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VersionConnection'] = ResolversParentTypes['VersionConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['VersionEdge']>, ParentType, ContextType>;
  nodes?: Resolver<Array<ResolversTypes['Version']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type VersionEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['VersionEdge'] = ResolversParentTypes['VersionEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Version'], ParentType, ContextType>;
}>;

export type ViewerResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Viewer'] = ResolversParentTypes['Viewer']> = ResolversObject<{
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = GraphQLContext> = ResolversObject<{
  AddItemsPayload?: AddItemsPayloadResolvers<ContextType>;
  ApiToken?: ApiTokenResolvers<ContextType>;
  AttributeValueCount?: AttributeValueCountResolvers<ContextType>;
  AudioTranscript?: AudioTranscriptResolvers<ContextType>;
  Audit?: AuditResolvers<ContextType>;
  AuditDiff?: AuditDiffResolvers<ContextType>;
  AugmentPayload?: AugmentPayloadResolvers<ContextType>;
  AugmentPlan?: AugmentPlanResolvers<ContextType>;
  AugmentPlanSource?: AugmentPlanSourceResolvers<ContextType>;
  Augmentation?: AugmentationResolvers<ContextType>;
  AugmentationOp?: AugmentationOpResolvers<ContextType>;
  Branch?: BranchResolvers<ContextType>;
  CancelJobPayload?: CancelJobPayloadResolvers<ContextType>;
  CommitPayload?: CommitPayloadResolvers<ContextType>;
  Coverage?: CoverageResolvers<ContextType>;
  CoverageAxis?: CoverageAxisResolvers<ContextType>;
  CoverageBucket?: CoverageBucketResolvers<ContextType>;
  CoverageCell?: CoverageCellResolvers<ContextType>;
  CoveragePair?: CoveragePairResolvers<ContextType>;
  CoverageSpecVersion?: CoverageSpecVersionResolvers<ContextType>;
  CreateApiTokenPayload?: CreateApiTokenPayloadResolvers<ContextType>;
  CreateBranchPayload?: CreateBranchPayloadResolvers<ContextType>;
  CreateDatasetPayload?: CreateDatasetPayloadResolvers<ContextType>;
  CreateExportPayload?: CreateExportPayloadResolvers<ContextType>;
  Dataset?: DatasetResolvers<ContextType>;
  DatasetConnection?: DatasetConnectionResolvers<ContextType>;
  DatasetEdge?: DatasetEdgeResolvers<ContextType>;
  DeleteBranchPayload?: DeleteBranchPayloadResolvers<ContextType>;
  DeleteDatasetPayload?: DeleteDatasetPayloadResolvers<ContextType>;
  DiscardChangesPayload?: DiscardChangesPayloadResolvers<ContextType>;
  DuplicateCluster?: DuplicateClusterResolvers<ContextType>;
  DuplicateClusterConnection?: DuplicateClusterConnectionResolvers<ContextType>;
  DuplicateClusterEdge?: DuplicateClusterEdgeResolvers<ContextType>;
  ExpectedCoverage?: ExpectedCoverageResolvers<ContextType>;
  Export?: ExportResolvers<ContextType>;
  ExportConnection?: ExportConnectionResolvers<ContextType>;
  ExportEdge?: ExportEdgeResolvers<ContextType>;
  ExportSplitCount?: ExportSplitCountResolvers<ContextType>;
  Family?: FamilyResolvers<ContextType>;
  FamilyConnection?: FamilyConnectionResolvers<ContextType>;
  FamilyEdge?: FamilyEdgeResolvers<ContextType>;
  FineTuningTask?: FineTuningTaskResolvers<ContextType>;
  FlagCount?: FlagCountResolvers<ContextType>;
  FlagCountDelta?: FlagCountDeltaResolvers<ContextType>;
  ImageCaption?: ImageCaptionResolvers<ContextType>;
  ImportItemsPayload?: ImportItemsPayloadResolvers<ContextType>;
  Item?: ItemResolvers<ContextType>;
  ItemChange?: ItemChangeResolvers<ContextType>;
  ItemChangeConnection?: ItemChangeConnectionResolvers<ContextType>;
  ItemChangeEdge?: ItemChangeEdgeResolvers<ContextType>;
  ItemConnection?: ItemConnectionResolvers<ContextType>;
  ItemEdge?: ItemEdgeResolvers<ContextType>;
  ItemEvent?: ItemEventResolvers<ContextType>;
  ItemEventConnection?: ItemEventConnectionResolvers<ContextType>;
  ItemEventEdge?: ItemEventEdgeResolvers<ContextType>;
  ItemRef?: ItemRefResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Job?: JobResolvers<ContextType>;
  JobError?: JobErrorResolvers<ContextType>;
  LabelCoverage?: LabelCoverageResolvers<ContextType>;
  LengthStats?: LengthStatsResolvers<ContextType>;
  Media?: MediaResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Node?: NodeResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PlanAugmentationPayload?: PlanAugmentationPayloadResolvers<ContextType>;
  Quality?: QualityResolvers<ContextType>;
  QualityPolicyVersion?: QualityPolicyVersionResolvers<ContextType>;
  Quantiles?: QuantilesResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Readiness?: ReadinessResolvers<ContextType>;
  RemoveItemsPayload?: RemoveItemsPayloadResolvers<ContextType>;
  RestorePayload?: RestorePayloadResolvers<ContextType>;
  RevokeApiTokenPayload?: RevokeApiTokenPayloadResolvers<ContextType>;
  SetCoverageSpecPayload?: SetCoverageSpecPayloadResolvers<ContextType>;
  SetQualityPolicyPayload?: SetQualityPolicyPayloadResolvers<ContextType>;
  Tag?: TagResolvers<ContextType>;
  TagVersionPayload?: TagVersionPayloadResolvers<ContextType>;
  TextPair?: TextPairResolvers<ContextType>;
  TrainExportPayload?: TrainExportPayloadResolvers<ContextType>;
  TrainingRun?: TrainingRunResolvers<ContextType>;
  UpdateItemPayload?: UpdateItemPayloadResolvers<ContextType>;
  ValueCount?: ValueCountResolvers<ContextType>;
  Version?: VersionResolvers<ContextType>;
  VersionConnection?: VersionConnectionResolvers<ContextType>;
  VersionEdge?: VersionEdgeResolvers<ContextType>;
  Viewer?: ViewerResolvers<ContextType>;
}>;

