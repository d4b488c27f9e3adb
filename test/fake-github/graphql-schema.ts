// The slice of GitHub's GraphQL schema the App uses, with GitHub's type and field names, so the real
// `graphql` library parses and validates every query the App sends (a misspelt field fails the test
// the way it would fail on GitHub).
export const FAKE_GITHUB_SDL = /* GraphQL */ `
scalar GitObjectID
scalar Base64String
scalar URI

type Query {
  repository(owner: String!, name: String!, followRenames: Boolean): Repository
}

type Mutation {
  createCommitOnBranch(input: CreateCommitOnBranchInput!): CreateCommitOnBranchPayload
  resolveReviewThread(input: ResolveReviewThreadInput!): ResolveReviewThreadPayload
}

type Repository {
  id: ID!
  nameWithOwner: String!
  object(expression: String, oid: GitObjectID): GitObject
  pullRequest(number: Int!): PullRequest
}

interface GitObject {
  id: ID!
  oid: GitObjectID!
}

type Blob implements GitObject {
  id: ID!
  oid: GitObjectID!
  byteSize: Int!
  isBinary: Boolean
  isTruncated: Boolean!
  text: String
}

type Tree implements GitObject {
  id: ID!
  oid: GitObjectID!
  entries: [TreeEntry!]
}

type TreeEntry {
  name: String!
  path: String
  type: String!
  oid: GitObjectID!
  object: GitObject
}

type Commit implements GitObject {
  id: ID!
  oid: GitObjectID!
  url: URI!
  message: String!
  messageHeadline: String!
}

type PullRequest {
  id: ID!
  number: Int!
  reviewThreads(first: Int, after: String, last: Int, before: String): PullRequestReviewThreadConnection!
}

type PageInfo {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
  endCursor: String
}

type PullRequestReviewThreadConnection {
  nodes: [PullRequestReviewThread]
  pageInfo: PageInfo!
  totalCount: Int!
}

type PullRequestReviewThread {
  id: ID!
  isResolved: Boolean!
  isOutdated: Boolean!
  path: String!
  line: Int
  comments(first: Int, after: String, last: Int, before: String): PullRequestReviewCommentConnection!
}

type PullRequestReviewCommentConnection {
  nodes: [PullRequestReviewComment]
  totalCount: Int!
}

interface Actor {
  login: String!
}

type User implements Actor {
  login: String!
}

type Bot implements Actor {
  login: String!
}

type PullRequestReviewComment {
  id: ID!
  databaseId: Int
  body: String!
  path: String!
  author: Actor
}

input CommittableBranch {
  id: ID
  repositoryNameWithOwner: String
  branchName: String
}

input CommitMessage {
  headline: String!
  body: String
}

input FileAddition {
  path: String!
  contents: Base64String!
}

input FileDeletion {
  path: String!
}

input FileChanges {
  additions: [FileAddition!]
  deletions: [FileDeletion!]
}

input CreateCommitOnBranchInput {
  branch: CommittableBranch!
  clientMutationId: String
  expectedHeadOid: GitObjectID!
  fileChanges: FileChanges
  message: CommitMessage!
}

type Ref {
  id: ID!
  name: String!
}

type CreateCommitOnBranchPayload {
  clientMutationId: String
  commit: Commit
  ref: Ref
}

input ResolveReviewThreadInput {
  threadId: ID!
  clientMutationId: String
}

type ResolveReviewThreadPayload {
  clientMutationId: String
  thread: PullRequestReviewThread
}
`;
