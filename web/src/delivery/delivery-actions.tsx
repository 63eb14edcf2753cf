import { useState } from "react";
import { Button } from "../ui/button";
import { NewComponentDialog } from "./new-component-dialog";
import { NewProductDialog } from "./new-product-dialog";
import { NewReleaseDialog } from "./new-release-dialog";
import { NewVersionDialog } from "./new-version-dialog";
import { RecordDeploymentDialog } from "./record-deployment-dialog";
import type { Component, Environment, Product, Release } from "./use-delivery";
import { useDeliveryAccess } from "./use-delivery-changes";

type Opened = "product" | "component" | "version" | "release" | "deployment" | null;

/**
 * The delivery page's actions, each shown only to who may take it (the API's rules, useDeliveryAccess):
 * make a product or a component, cut a version or a release, record a deployment.
 */
export function DeliveryActions(props: {
  products: Product[];
  components: Component[];
  releases: Release[];
  environments: Environment[];
  loopId: string | null;
  onMade: (said: string) => void;
}) {
  const { products, components, releases, environments, loopId, onMade } = props;
  const may = useDeliveryAccess();
  const [opened, setOpened] = useState<Opened>(null);
  const close = () => setOpened(null);
  const releasable = products.filter((p) => may.mayRelease(p));
  const versionable = components.filter((c) => may.mayVersion(c, products));
  const deployable = releases.filter((r) => releasable.some((p) => p.id === r.productId));
  return (
    <>
      {may.mayMakeProduct() && <Button onClick={() => setOpened("product")}>New product</Button>}
      {may.mayMakeComponent() && <Button onClick={() => setOpened("component")}>New component</Button>}
      {versionable.length > 0 && <Button onClick={() => setOpened("version")}>New version</Button>}
      {releasable.length > 0 && <Button onClick={() => setOpened("release")}>New release</Button>}
      {deployable.length > 0 && (
        <Button variant="primary" onClick={() => setOpened("deployment")}>
          Record a deployment
        </Button>
      )}
      <NewProductDialog
        open={opened === "product"}
        onClose={close}
        onMade={onMade}
        components={components}
        products={products}
        loopId={loopId}
      />
      <NewComponentDialog open={opened === "component"} onClose={close} onMade={onMade} products={products} />
      <NewVersionDialog
        open={opened === "version"}
        onClose={close}
        onMade={onMade}
        components={components}
        products={products}
      />
      <NewReleaseDialog open={opened === "release"} onClose={close} products={releasable} components={components} />
      <RecordDeploymentDialog
        open={opened === "deployment"}
        onClose={close}
        releases={deployable}
        products={products}
        environments={environments}
      />
    </>
  );
}
