package dev.gradlens.dataset;

/** The data-set layouts GradLens reads; {@link #id()} is what the run database stores. */
public enum DatasetKind {
    IMAGEFOLDER("imagefolder"), MANIFEST("manifest"), COCO("coco"), VOC("voc"), SCENES("scenes");

    private final String id;

    DatasetKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
