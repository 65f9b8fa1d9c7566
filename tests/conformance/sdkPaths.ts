// Where the official SDKs' generated models live inside node_modules.
import { dirname, join } from "node:path";

const pkgDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

export const CVM_MODELS = join(
    pkgDir("tencentcloud-sdk-nodejs-cvm"),
    "tencentcloud/services/cvm/v20170312/cvm_models.d.ts",
);
export const TAT_MODELS = join(
    pkgDir("tencentcloud-sdk-nodejs"),
    "tencentcloud/services/tat/v20201028/tat_models.d.ts",
);
export const TAG_MODELS = join(
    pkgDir("tencentcloud-sdk-nodejs"),
    "tencentcloud/services/tag/v20180813/tag_models.d.ts",
);
