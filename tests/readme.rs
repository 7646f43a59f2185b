//! The README's pictures are the snapshot tests' own images (light theme), so they show
//! today's views: each one it links exists under tests/snapshots/.

#[test]
fn every_readme_picture_is_a_snapshot_test_image() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let pictures: Vec<&str> = readme
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .filter(|link| link.ends_with(".png"))
        .collect();
    assert!(
        pictures.len() >= 4,
        "the README shows the views: {pictures:?}"
    );
    for picture in pictures {
        assert!(
            picture.starts_with("tests/snapshots/"),
            "{picture} is not a snapshot test's image"
        );
        assert!(
            !picture.contains("dark"),
            "{picture}: the README shows the light theme"
        );
        assert!(root.join(picture).is_file(), "{picture} is missing");
    }
}
