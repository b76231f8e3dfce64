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
import type { DatasetConnectionModel, ItemConnectionModel, ItemEventConnectionModel, ItemChangeConnectionModel, VersionConnectionModel } from '../server/connection.js';
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

export type AudioTranscript = Item & Node & {
  __typename?: 'AudioTranscript';
  attributes: Scalars['JSON']['output'];
  audio: Media;
  history: ItemEventConnection;
  id: Scalars['ID']['output'];
  key: Scalars['String']['output'];
  labels: Array<Scalars['String']['output']>;
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
};

export type CreateDatasetPayload = {
  __typename?: 'CreateDatasetPayload';
  dataset: Dataset;
};

export type Dataset = Node & {
  __typename?: 'Dataset';
  branch?: Maybe<Branch>;
  branches: Array<Branch>;
  createdAt: Scalars['String']['output'];
  createdBy: Scalars['String']['output'];
  description?: Maybe<Scalars['String']['output']>;
  /** Items that differ between two refs, ordered by key. */
  diff: ItemChangeConnection;
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
  tags: Array<Tag>;
  version?: Maybe<Version>;
  /** Commits reachable from a branch's head, newest first. */
  versions: VersionConnection;
};


export type DatasetBranchArgs = {
  name: Scalars['String']['input'];
};


export type DatasetDiffArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  from: Scalars['String']['input'];
  to: Scalars['String']['input'];
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

export type ImageCaption = Item & Node & {
  __typename?: 'ImageCaption';
  attributes: Scalars['JSON']['output'];
  caption: Scalars['String']['output'];
  history: ItemEventConnection;
  id: Scalars['ID']['output'];
  image: Media;
  key: Scalars['String']['output'];
  labels: Array<Scalars['String']['output']>;
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
  history: ItemEventConnection;
  id: Scalars['ID']['output'];
  key: Scalars['String']['output'];
  labels: Array<Scalars['String']['output']>;
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
  keyPrefix?: InputMaybe<Scalars['String']['input']>;
  labels?: InputMaybe<Array<Scalars['String']['input']>>;
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

export type LabelStatus =
  | 'LABELED'
  | 'REJECTED'
  | 'REVIEWED'
  | 'UNLABELED';

export type Media = {
  __typename?: 'Media';
  byteSize: Scalars['Int']['output'];
  channels?: Maybe<Scalars['Int']['output']>;
  durationSeconds?: Maybe<Scalars['Float']['output']>;
  height?: Maybe<Scalars['Int']['output']>;
  mimeType: Scalars['String']['output'];
  sampleRate?: Maybe<Scalars['Int']['output']>;
  sha256: Scalars['String']['output'];
  /** A signed download URL (valid for an hour) usable in <img>/<audio> without a header. */
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
  cancelJob: CancelJobPayload;
  commit: CommitPayload;
  createApiToken: CreateApiTokenPayload;
  createBranch: CreateBranchPayload;
  createDataset: CreateDatasetPayload;
  deleteBranch: DeleteBranchPayload;
  deleteDataset: DeleteDatasetPayload;
  /** Drops a branch's uncommitted changes. */
  discardChanges: DiscardChangesPayload;
  importItems: ImportItemsPayload;
  removeItems: RemoveItemsPayload;
  /** A new commit whose content equals `to`; history is never rewritten. */
  restore: RestorePayload;
  revokeApiToken: RevokeApiTokenPayload;
  tagVersion: TagVersionPayload;
  updateItem: UpdateItemPayload;
};


export type MutationAddItemsArgs = {
  input: AddItemsInput;
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


export type MutationRemoveItemsArgs = {
  input: RemoveItemsInput;
};


export type MutationRestoreArgs = {
  input: RestoreInput;
};


export type MutationRevokeApiTokenArgs = {
  input: RevokeApiTokenInput;
};


export type MutationTagVersionArgs = {
  input: TagVersionInput;
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

export type Query = {
  __typename?: 'Query';
  /** Admin only. */
  apiTokens: Array<ApiToken>;
  dataset?: Maybe<Dataset>;
  datasets: DatasetConnection;
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
  history: ItemEventConnection;
  id: Scalars['ID']['output'];
  key: Scalars['String']['output'];
  labels: Array<Scalars['String']['output']>;
  prompt: Scalars['String']['output'];
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

export type Version = Node & {
  __typename?: 'Version';
  author: Scalars['String']['output'];
  /** Item keys added, modified or removed by this commit. */
  changeCount: Scalars['Int']['output'];
  createdAt: Scalars['String']['output'];
  /** Digest of the version's content: identical item sets give identical hashes. */
  hash: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  itemCount: Scalars['Int']['output'];
  message: Scalars['String']['output'];
  parent?: Maybe<Version>;
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
    | ( DatasetModel )
    | ( ItemModel )
    | ( JobModel )
    | ( ItemModel )
    | ( VersionModel )
  ;
}>;

/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AddItemsInput: AddItemsInput;
  AddItemsPayload: ResolverTypeWrapper<Omit<AddItemsPayload, 'items'> & { items: Array<ResolversTypes['Item']> }>;
  ApiToken: ResolverTypeWrapper<ApiTokenModel>;
  AudioTranscript: ResolverTypeWrapper<ItemModel>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Branch: ResolverTypeWrapper<BranchModel>;
  CancelJobInput: CancelJobInput;
  CancelJobPayload: ResolverTypeWrapper<Omit<CancelJobPayload, 'job'> & { job: ResolversTypes['Job'] }>;
  ChangeKind: ChangeKind;
  CommitInput: CommitInput;
  CommitPayload: ResolverTypeWrapper<Omit<CommitPayload, 'version'> & { version: ResolversTypes['Version'] }>;
  CreateApiTokenInput: CreateApiTokenInput;
  CreateApiTokenPayload: ResolverTypeWrapper<Omit<CreateApiTokenPayload, 'apiToken'> & { apiToken: ResolversTypes['ApiToken'] }>;
  CreateBranchInput: CreateBranchInput;
  CreateBranchPayload: ResolverTypeWrapper<Omit<CreateBranchPayload, 'branch'> & { branch: ResolversTypes['Branch'] }>;
  CreateDatasetInput: CreateDatasetInput;
  CreateDatasetPayload: ResolverTypeWrapper<Omit<CreateDatasetPayload, 'dataset'> & { dataset: ResolversTypes['Dataset'] }>;
  Dataset: ResolverTypeWrapper<DatasetModel>;
  DatasetConnection: ResolverTypeWrapper<DatasetConnectionModel>;
  DatasetEdge: ResolverTypeWrapper<Omit<DatasetEdge, 'node'> & { node: ResolversTypes['Dataset'] }>;
  DeleteBranchInput: DeleteBranchInput;
  DeleteBranchPayload: ResolverTypeWrapper<DeleteBranchPayload>;
  DeleteDatasetInput: DeleteDatasetInput;
  DeleteDatasetPayload: ResolverTypeWrapper<DeleteDatasetPayload>;
  DiscardChangesInput: DiscardChangesInput;
  DiscardChangesPayload: ResolverTypeWrapper<Omit<DiscardChangesPayload, 'branch'> & { branch: ResolversTypes['Branch'] }>;
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
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Job: ResolverTypeWrapper<JobModel>;
  JobError: ResolverTypeWrapper<JobErrorModel>;
  JobState: JobState;
  LabelStatus: LabelStatus;
  Media: ResolverTypeWrapper<MediaModel>;
  Modality: Modality;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Node: ResolverTypeWrapper<ResolversInterfaceTypes<ResolversTypes>['Node']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RemoveItemsInput: RemoveItemsInput;
  RemoveItemsPayload: ResolverTypeWrapper<RemoveItemsPayload>;
  RestoreInput: RestoreInput;
  RestorePayload: ResolverTypeWrapper<Omit<RestorePayload, 'version'> & { version: ResolversTypes['Version'] }>;
  RevokeApiTokenInput: RevokeApiTokenInput;
  RevokeApiTokenPayload: ResolverTypeWrapper<Omit<RevokeApiTokenPayload, 'apiToken'> & { apiToken: ResolversTypes['ApiToken'] }>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Tag: ResolverTypeWrapper<TagModel>;
  TagVersionInput: TagVersionInput;
  TagVersionPayload: ResolverTypeWrapper<Omit<TagVersionPayload, 'version'> & { version: ResolversTypes['Version'] }>;
  TextPair: ResolverTypeWrapper<ItemModel>;
  UpdateItemInput: UpdateItemInput;
  UpdateItemPayload: ResolverTypeWrapper<Omit<UpdateItemPayload, 'item'> & { item: ResolversTypes['Item'] }>;
  Version: ResolverTypeWrapper<VersionModel>;
  VersionConnection: ResolverTypeWrapper<VersionConnectionModel>;
  VersionEdge: ResolverTypeWrapper<Omit<VersionEdge, 'node'> & { node: ResolversTypes['Version'] }>;
  Viewer: ResolverTypeWrapper<Actor>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AddItemsInput: AddItemsInput;
  AddItemsPayload: Omit<AddItemsPayload, 'items'> & { items: Array<ResolversParentTypes['Item']> };
  ApiToken: ApiTokenModel;
  AudioTranscript: ItemModel;
  Boolean: Scalars['Boolean']['output'];
  Branch: BranchModel;
  CancelJobInput: CancelJobInput;
  CancelJobPayload: Omit<CancelJobPayload, 'job'> & { job: ResolversParentTypes['Job'] };
  CommitInput: CommitInput;
  CommitPayload: Omit<CommitPayload, 'version'> & { version: ResolversParentTypes['Version'] };
  CreateApiTokenInput: CreateApiTokenInput;
  CreateApiTokenPayload: Omit<CreateApiTokenPayload, 'apiToken'> & { apiToken: ResolversParentTypes['ApiToken'] };
  CreateBranchInput: CreateBranchInput;
  CreateBranchPayload: Omit<CreateBranchPayload, 'branch'> & { branch: ResolversParentTypes['Branch'] };
  CreateDatasetInput: CreateDatasetInput;
  CreateDatasetPayload: Omit<CreateDatasetPayload, 'dataset'> & { dataset: ResolversParentTypes['Dataset'] };
  Dataset: DatasetModel;
  DatasetConnection: DatasetConnectionModel;
  DatasetEdge: Omit<DatasetEdge, 'node'> & { node: ResolversParentTypes['Dataset'] };
  DeleteBranchInput: DeleteBranchInput;
  DeleteBranchPayload: DeleteBranchPayload;
  DeleteDatasetInput: DeleteDatasetInput;
  DeleteDatasetPayload: DeleteDatasetPayload;
  DiscardChangesInput: DiscardChangesInput;
  DiscardChangesPayload: Omit<DiscardChangesPayload, 'branch'> & { branch: ResolversParentTypes['Branch'] };
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
  JSON: Scalars['JSON']['output'];
  Job: JobModel;
  JobError: JobErrorModel;
  Media: MediaModel;
  Mutation: Record<PropertyKey, never>;
  Node: ResolversInterfaceTypes<ResolversParentTypes>['Node'];
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  RemoveItemsInput: RemoveItemsInput;
  RemoveItemsPayload: RemoveItemsPayload;
  RestoreInput: RestoreInput;
  RestorePayload: Omit<RestorePayload, 'version'> & { version: ResolversParentTypes['Version'] };
  RevokeApiTokenInput: RevokeApiTokenInput;
  RevokeApiTokenPayload: Omit<RevokeApiTokenPayload, 'apiToken'> & { apiToken: ResolversParentTypes['ApiToken'] };
  String: Scalars['String']['output'];
  Tag: TagModel;
  TagVersionInput: TagVersionInput;
  TagVersionPayload: Omit<TagVersionPayload, 'version'> & { version: ResolversParentTypes['Version'] };
  TextPair: ItemModel;
  UpdateItemInput: UpdateItemInput;
  UpdateItemPayload: Omit<UpdateItemPayload, 'item'> & { item: ResolversParentTypes['Item'] };
  Version: VersionModel;
  VersionConnection: VersionConnectionModel;
  VersionEdge: Omit<VersionEdge, 'node'> & { node: ResolversParentTypes['Version'] };
  Viewer: Actor;
}>;

export type AddItemsPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AddItemsPayload'] = ResolversParentTypes['AddItemsPayload']> = ResolversObject<{
  items?: Resolver<Array<ResolversTypes['Item']>, ParentType, ContextType>;
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

export type AudioTranscriptResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AudioTranscript'] = ResolversParentTypes['AudioTranscript']> = ResolversObject<{
  attributes?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  audio?: Resolver<ResolversTypes['Media'], ParentType, ContextType>;
  history?: Resolver<ResolversTypes['ItemEventConnection'], ParentType, ContextType, RequireFields<AudioTranscriptHistoryArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['LabelStatus'], ParentType, ContextType>;
  transcript?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
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

export type DatasetResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Dataset'] = ResolversParentTypes['Dataset']> = ResolversObject<{
  branch?: Resolver<Maybe<ResolversTypes['Branch']>, ParentType, ContextType, RequireFields<DatasetBranchArgs, 'name'>>;
  branches?: Resolver<Array<ResolversTypes['Branch']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  diff?: Resolver<ResolversTypes['ItemChangeConnection'], ParentType, ContextType, RequireFields<DatasetDiffArgs, 'first' | 'from' | 'to'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  item?: Resolver<Maybe<ResolversTypes['Item']>, ParentType, ContextType, RequireFields<DatasetItemArgs, 'key' | 'ref'>>;
  itemHistory?: Resolver<ResolversTypes['ItemEventConnection'], ParentType, ContextType, RequireFields<DatasetItemHistoryArgs, 'first' | 'key'>>;
  items?: Resolver<ResolversTypes['ItemConnection'], ParentType, ContextType, RequireFields<DatasetItemsArgs, 'first' | 'ref'>>;
  modality?: Resolver<ResolversTypes['Modality'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['Tag']>, ParentType, ContextType>;
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

export type ImageCaptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ImageCaption'] = ResolversParentTypes['ImageCaption']> = ResolversObject<{
  attributes?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  caption?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  history?: Resolver<ResolversTypes['ItemEventConnection'], ParentType, ContextType, RequireFields<ImageCaptionHistoryArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  image?: Resolver<ResolversTypes['Media'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
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
  cancelJob?: Resolver<ResolversTypes['CancelJobPayload'], ParentType, ContextType, RequireFields<MutationCancelJobArgs, 'input'>>;
  commit?: Resolver<ResolversTypes['CommitPayload'], ParentType, ContextType, RequireFields<MutationCommitArgs, 'input'>>;
  createApiToken?: Resolver<ResolversTypes['CreateApiTokenPayload'], ParentType, ContextType, RequireFields<MutationCreateApiTokenArgs, 'input'>>;
  createBranch?: Resolver<ResolversTypes['CreateBranchPayload'], ParentType, ContextType, RequireFields<MutationCreateBranchArgs, 'input'>>;
  createDataset?: Resolver<ResolversTypes['CreateDatasetPayload'], ParentType, ContextType, RequireFields<MutationCreateDatasetArgs, 'input'>>;
  deleteBranch?: Resolver<ResolversTypes['DeleteBranchPayload'], ParentType, ContextType, RequireFields<MutationDeleteBranchArgs, 'input'>>;
  deleteDataset?: Resolver<ResolversTypes['DeleteDatasetPayload'], ParentType, ContextType, RequireFields<MutationDeleteDatasetArgs, 'input'>>;
  discardChanges?: Resolver<ResolversTypes['DiscardChangesPayload'], ParentType, ContextType, RequireFields<MutationDiscardChangesArgs, 'input'>>;
  importItems?: Resolver<ResolversTypes['ImportItemsPayload'], ParentType, ContextType, RequireFields<MutationImportItemsArgs, 'input'>>;
  removeItems?: Resolver<ResolversTypes['RemoveItemsPayload'], ParentType, ContextType, RequireFields<MutationRemoveItemsArgs, 'input'>>;
  restore?: Resolver<ResolversTypes['RestorePayload'], ParentType, ContextType, RequireFields<MutationRestoreArgs, 'input'>>;
  revokeApiToken?: Resolver<ResolversTypes['RevokeApiTokenPayload'], ParentType, ContextType, RequireFields<MutationRevokeApiTokenArgs, 'input'>>;
  tagVersion?: Resolver<ResolversTypes['TagVersionPayload'], ParentType, ContextType, RequireFields<MutationTagVersionArgs, 'input'>>;
  updateItem?: Resolver<ResolversTypes['UpdateItemPayload'], ParentType, ContextType, RequireFields<MutationUpdateItemArgs, 'input'>>;
}>;

export type NodeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Node'] = ResolversParentTypes['Node']> = ResolversObject<{
  __resolveType: TypeResolveFn<'ApiToken' | 'AudioTranscript' | 'Dataset' | 'ImageCaption' | 'Job' | 'TextPair' | 'Version', ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  apiTokens?: Resolver<Array<ResolversTypes['ApiToken']>, ParentType, ContextType>;
  dataset?: Resolver<Maybe<ResolversTypes['Dataset']>, ParentType, ContextType, RequireFields<QueryDatasetArgs, 'name'>>;
  datasets?: Resolver<ResolversTypes['DatasetConnection'], ParentType, ContextType, RequireFields<QueryDatasetsArgs, 'first'>>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType, RequireFields<QueryJobArgs, 'id'>>;
  media?: Resolver<Maybe<ResolversTypes['Media']>, ParentType, ContextType, RequireFields<QueryMediaArgs, 'sha256'>>;
  node?: Resolver<Maybe<ResolversTypes['Node']>, ParentType, ContextType, RequireFields<QueryNodeArgs, 'id'>>;
  viewer?: Resolver<ResolversTypes['Viewer'], ParentType, ContextType>;
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

export type TagResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Tag'] = ResolversParentTypes['Tag']> = ResolversObject<{
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Version'], ParentType, ContextType>;
}>;

export type TagVersionPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TagVersionPayload'] = ResolversParentTypes['TagVersionPayload']> = ResolversObject<{
  version?: Resolver<ResolversTypes['Version'], ParentType, ContextType>;
}>;

export type TextPairResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TextPair'] = ResolversParentTypes['TextPair']> = ResolversObject<{
  attributes?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  history?: Resolver<ResolversTypes['ItemEventConnection'], ParentType, ContextType, RequireFields<TextPairHistoryArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  prompt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  response?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revision?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['LabelStatus'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type UpdateItemPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UpdateItemPayload'] = ResolversParentTypes['UpdateItemPayload']> = ResolversObject<{
  item?: Resolver<ResolversTypes['Item'], ParentType, ContextType>;
}>;

export type VersionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Version'] = ResolversParentTypes['Version']> = ResolversObject<{
  author?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  changeCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  hash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  itemCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  parent?: Resolver<Maybe<ResolversTypes['Version']>, ParentType, ContextType>;
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
  AudioTranscript?: AudioTranscriptResolvers<ContextType>;
  Branch?: BranchResolvers<ContextType>;
  CancelJobPayload?: CancelJobPayloadResolvers<ContextType>;
  CommitPayload?: CommitPayloadResolvers<ContextType>;
  CreateApiTokenPayload?: CreateApiTokenPayloadResolvers<ContextType>;
  CreateBranchPayload?: CreateBranchPayloadResolvers<ContextType>;
  CreateDatasetPayload?: CreateDatasetPayloadResolvers<ContextType>;
  Dataset?: DatasetResolvers<ContextType>;
  DatasetConnection?: DatasetConnectionResolvers<ContextType>;
  DatasetEdge?: DatasetEdgeResolvers<ContextType>;
  DeleteBranchPayload?: DeleteBranchPayloadResolvers<ContextType>;
  DeleteDatasetPayload?: DeleteDatasetPayloadResolvers<ContextType>;
  DiscardChangesPayload?: DiscardChangesPayloadResolvers<ContextType>;
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
  JSON?: GraphQLScalarType;
  Job?: JobResolvers<ContextType>;
  JobError?: JobErrorResolvers<ContextType>;
  Media?: MediaResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Node?: NodeResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RemoveItemsPayload?: RemoveItemsPayloadResolvers<ContextType>;
  RestorePayload?: RestorePayloadResolvers<ContextType>;
  RevokeApiTokenPayload?: RevokeApiTokenPayloadResolvers<ContextType>;
  Tag?: TagResolvers<ContextType>;
  TagVersionPayload?: TagVersionPayloadResolvers<ContextType>;
  TextPair?: TextPairResolvers<ContextType>;
  UpdateItemPayload?: UpdateItemPayloadResolvers<ContextType>;
  Version?: VersionResolvers<ContextType>;
  VersionConnection?: VersionConnectionResolvers<ContextType>;
  VersionEdge?: VersionEdgeResolvers<ContextType>;
  Viewer?: ViewerResolvers<ContextType>;
}>;

